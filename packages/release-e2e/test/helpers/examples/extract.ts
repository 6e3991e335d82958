/**
 * Finds the code examples of a Markdown page. Every ```js/```ts/```sh block (and their variants)
 * is an example; what is done with it comes from its language and from an optional annotation,
 * an HTML comment on the line before the fence (invisible on a rendered page):
 *
 *     <!-- example: MODE [file=NAME] [server=KIND] [dir=empty] [(why, in words)] -->
 *
 * MODE is one of
 * - `run`: written to a file and run with node (TypeScript under Node's type stripping, after
 *   type-checking); it must exit 0 by itself. The default for JavaScript.
 * - `typecheck`: type-checked only (JavaScript with `checkJs`). The default for TypeScript.
 * - `install`: shell lines, each `npm install ...`, run in the page's empty app. The default for a
 *   shell block made of `npm install` lines only.
 * - `shell`: shell lines run with bash in the page's app (after the installs); must exit 0.
 * - `repo`: a command for a clone of this repository (contributors), not for a user's app: not
 *   run here (CI runs the repository's own commands itself).
 * - `show`: not code to run (an outline, a fragment named in prose): not tested. Used sparingly.
 *
 * `file=NAME` writes the block under that name, so that other blocks of the page can import it
 * (`./my-store.js`). `server=KIND` starts that test server and substitutes its address for the
 * documented default address in the code before it is run (see servers.ts). `dir=empty` runs a
 * shell example in an empty directory instead of the page's app ("without a project").
 */

/** What the harness does with a block. */
export type ExampleMode = 'run' | 'typecheck' | 'install' | 'shell' | 'repo' | 'show';

/** A test server an example needs. */
export type ServerKind = 'redis' | 'mongo' | 'moto' | 'postgres' | 'mysql';

/** One code block of a page. */
export interface Example {
  /** The page, relative to the repository root. */
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** `js`, `ts`, `sh`, ... as written after the fence. */
  readonly lang: 'js' | 'ts' | 'sh';
  readonly mode: ExampleMode;
  /** The file name to write it under (for imports between blocks), when annotated. */
  readonly file: string | undefined;
  readonly server: ServerKind | undefined;
  /** `empty`: a shell example runs in an empty directory outside the page's app. */
  readonly dir: 'empty' | undefined;
  /** The code, without the fence and the indentation of the fence. */
  readonly code: string;
}

const LANGS: Readonly<Record<string, Example['lang']>> = {
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  javascript: 'js',
  ts: 'ts',
  mts: 'ts',
  cts: 'ts',
  typescript: 'ts',
  sh: 'sh',
  bash: 'sh',
  shell: 'sh',
};
const MODES: readonly ExampleMode[] = ['run', 'typecheck', 'install', 'shell', 'repo', 'show'];
const SERVERS: readonly ServerKind[] = ['redis', 'mongo', 'moto', 'postgres', 'mysql'];
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)[^`]*$/;
const ANNOTATION = /^\s*<!--\s*example:\s*(.*?)\s*-->\s*$/;

/** The shell lines of a block that do something: no blank lines, no comment lines. */
export function shellLines(code: string): string[] {
  return code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** An `npm install` line (comments after it allowed). */
export function isNpmInstall(line: string): boolean {
  return /^npm (install|i|add)\b/.test(line);
}

function parseAnnotation(
  text: string,
  where: string,
): { mode?: ExampleMode; file?: string; server?: ServerKind; dir?: 'empty' } {
  // A reason in parentheses may follow the mode: `typecheck (needs a cluster)`.
  const [mode, ...options] = text
    .replace(/\(.*\)/, '')
    .trim()
    .split(/\s+/);
  if (!MODES.includes(mode as ExampleMode)) {
    throw new Error(`${where}: unknown example mode "${mode}" (one of ${MODES.join(', ')})`);
  }
  const result: { mode?: ExampleMode; file?: string; server?: ServerKind; dir?: 'empty' } = {
    mode: mode as ExampleMode,
  };
  for (const option of options) {
    const [key, value] = option.split('=');
    if (key === 'file' && value) result.file = value;
    else if (key === 'dir' && value === 'empty') result.dir = value;
    else if (key === 'server' && SERVERS.includes(value as ServerKind))
      result.server = value as ServerKind;
    else throw new Error(`${where}: unknown example option "${option}"`);
  }
  return result;
}

function defaultMode(lang: Example['lang'], code: string, where: string): ExampleMode {
  if (lang === 'js') return 'run';
  if (lang === 'ts') return 'typecheck';
  const lines = shellLines(code);
  if (lines.length > 0 && lines.every(isNpmInstall)) return 'install';
  throw new Error(
    `${where}: a shell block that is not only npm install lines needs an annotation (<!-- example: shell|repo|show -->)`,
  );
}

/** Every example of `markdown`, in page order. Throws on a malformed annotation or fence. */
export function extractExamples(page: string, markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  let previous = '';
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (open === null) {
      if ((lines[i] ?? '').trim() !== '') previous = lines[i] ?? '';
      continue;
    }
    const [, indent = '', fence = '', info = ''] = open;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.trim() === fence) break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    if (i >= lines.length) throw new Error(`${page}:${start + 1}: unclosed code fence`);
    const lang = LANGS[info.toLowerCase()];
    const annotation = ANNOTATION.exec(previous);
    previous = '';
    if (lang === undefined) {
      if (annotation)
        throw new Error(`${page}:${start + 1}: annotation on a ${info || 'plain'} block`);
      continue;
    }
    const where = `${page}:${start + 1}`;
    const code = `${body.join('\n')}\n`;
    const options = annotation ? parseAnnotation(annotation[1] ?? '', where) : {};
    examples.push({
      page,
      line: start + 1,
      lang,
      mode: options.mode ?? defaultMode(lang, code, where),
      file: options.file,
      server: options.server,
      dir: options.dir,
      code,
    });
  }
  return examples;
}

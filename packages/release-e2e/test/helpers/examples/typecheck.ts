import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../run-command.js';

/** The TypeScript module resolutions every TypeScript example must type-check under. */
export const RESOLUTIONS = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'preserve', moduleResolution: 'bundler' },
} as const;

/** Where TypeScript itself and Node's types live: one install shared by every page's app. */
export interface TypeScriptTools {
  readonly tsc: string;
  /** `node_modules/@types` of the tools install. */
  readonly typeRoot: string;
}

/** The files of every page to check, with the README line of each. */
export interface CheckedFiles {
  readonly ts: readonly string[];
  readonly js: readonly string[];
  readonly where: ReadonlyMap<string, string>;
}

/**
 * Type-checks every page's examples in one tsc run per resolution and kind (each file resolves
 * packages from its own page's app): TypeScript under `strict`; JavaScript (`checkJs`) under
 * `strict` but with implicit `any` allowed, as plain JavaScript has it (untyped packages such as
 * the Zoho Node.js SDK, unannotated parameters). `skipLibCheck` as `tsc --init` sets it: a
 * package's own declaration errors (the Zoho TypeScript SDK has one) are not the example's.
 * Returns the failures, and the files tsc named.
 */
export async function typecheckAll(
  dir: string,
  files: CheckedFiles,
  tools: TypeScriptTools,
): Promise<{ failures: string[]; failedFiles: Set<string> }> {
  const failures: string[] = [];
  const failedFiles = new Set<string>();
  for (const [kind, list] of [
    ['ts', files.ts],
    ['js', files.js],
  ] as const) {
    if (list.length === 0) continue;
    for (const [name, resolution] of Object.entries(RESOLUTIONS)) {
      const config = {
        compilerOptions: {
          ...resolution,
          target: 'ES2023',
          lib: ['ES2023'],
          strict: true,
          ...(kind === 'js' ? { allowJs: true, checkJs: true, noImplicitAny: false } : {}),
          skipLibCheck: true,
          noEmit: true,
          allowImportingTsExtensions: true,
          types: ['node'],
          typeRoots: [tools.typeRoot],
        },
        files: list,
      };
      const configFile = join(dir, `tsconfig.${kind}.${name}.json`);
      writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
      try {
        await runCommand(process.execPath, [tools.tsc, '-p', configFile, '--pretty', 'false'], {
          cwd: dir,
        });
      } catch (error) {
        let text = (error as Error).message;
        for (const [file, where] of files.where) {
          if (text.includes(file)) failedFiles.add(file);
          text = text.replaceAll(file, `${file} [${where}]`);
        }
        failures.push(`tsc (${kind}, ${name}):\n${text}`);
      }
    }
  }
  return { failures, failedFiles };
}

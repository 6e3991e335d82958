import { Command, InvalidArgumentError, Option } from 'commander';
import { check } from './commands/check.js';
import { exportTokens } from './commands/export.js';
import { importZohoCsv } from './commands/import-zoho-csv.js';
import { count, deleteAll, deleteOne, list, show } from './commands/inspect.js';
import { migrate } from './commands/migrate.js';
import { pruneCommand } from './commands/prune.js';
import type { ExitCode } from './exit-codes.js';
import { STORE_URL_FORMS } from './store-url.js';

/** The package version, set at build time from package.json. */
declare const TOKENSTORE_CLI_VERSION: string;

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_CONCURRENCY = 16;

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError('must be a positive whole number');
  }
  return number;
}

const STORE_URLS_HELP = `
Store URLs:
  ${STORE_URL_FORMS.join('\n  ')}
Each kind needs its adapter package installed next to the CLI (npm install @tokenstore/store-redis).

Exit codes:
  0  ok
  1  a conformance case failed, tokens were not copied, counts did not add up, or no such token
  2  usage error (bad arguments or URL, adapter package not installed, delete-all without --yes)
  3  a store could not be reached or failed, or a file could not be read (retrying may help)
  4  a store refused its configuration: wrong credentials, a table that is not ours (fix it first)
  130  interrupted (Ctrl-C during migrate: the partial counts are printed)`;

function pageSizeOption(): Option {
  return new Option('--page-size <n>', 'tokens fetched from the store per page')
    .argParser(positiveInteger)
    .default(DEFAULT_PAGE_SIZE);
}

function concurrencyOption(): Option {
  return new Option('--concurrency <n>', 'tokens written at once')
    .argParser(positiveInteger)
    .default(DEFAULT_CONCURRENCY);
}

/**
 * The `tokenstore` program. Each action stores its exit code through `setExitCode`; usage
 * errors are thrown (commander's as `CommanderError`, ours as `UsageError`).
 */
export function createProgram(setExitCode: (code: ExitCode) => void): Command {
  const program = new Command('tokenstore')
    .description('Check, inspect, migrate and import OAuth token stores from the terminal.')
    .version(TOKENSTORE_CLI_VERSION)
    // Throw instead of exiting, in every subcommand too (settings are copied when one is added).
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', STORE_URLS_HELP)
    .addOption(new Option('--debug-max-rss', 'print peak memory use to stderr').hideHelp());

  program
    .command('check')
    .description(
      'run the conformance suite against a store URL (fresh random namespaces on it, deleted afterwards) ' +
        'or a module whose default export is (namespace) => TokenStore',
    )
    .argument('<target>', 'store URL, or path of a store factory module (.js, .mjs, .cjs, .ts)')
    .option('--json', 'print the results as JSON')
    .option(
      '--group <name...>',
      'run only the cases of these groups (e.g. --group lookup "round trip"); names as the report prints them',
    )
    .action(async (target: string, options: { json?: boolean; group?: string[] }) => {
      setExitCode(
        await check(target, {
          json: options.json === true,
          ...(options.group === undefined ? {} : { groups: options.group }),
        }),
      );
    });

  program
    .command('list')
    .description('list every token (secrets masked)')
    .argument('<url>', 'store URL')
    .option('--json', 'print a JSON array')
    .option('--reveal', 'show secrets in full')
    .addOption(pageSizeOption())
    .action(
      async (url: string, options: { json?: boolean; reveal?: boolean; pageSize: number }) => {
        setExitCode(
          await list(url, {
            json: options.json === true,
            reveal: options.reveal === true,
            pageSize: options.pageSize,
          }),
        );
      },
    );

  program
    .command('show')
    .description('show one token by id (secrets masked); exits 1 if there is none')
    .argument('<url>', 'store URL')
    .argument('<id>', 'token id')
    .option('--json', 'print JSON')
    .option('--reveal', 'show secrets in full')
    .action(async (url: string, id: string, options: { json?: boolean; reveal?: boolean }) => {
      setExitCode(
        await show(url, id, { json: options.json === true, reveal: options.reveal === true }),
      );
    });

  program
    .command('count')
    .description('count the tokens')
    .argument('<url>', 'store URL')
    .option('--json', 'print JSON')
    .addOption(pageSizeOption())
    .action(async (url: string, options: { json?: boolean; pageSize: number }) => {
      setExitCode(await count(url, { json: options.json === true, pageSize: options.pageSize }));
    });

  program
    .command('delete')
    .description('delete one token by id; exits 1 if there was none')
    .argument('<url>', 'store URL')
    .argument('<id>', 'token id')
    .option('--json', 'print JSON')
    .action(async (url: string, id: string, options: { json?: boolean }) => {
      setExitCode(await deleteOne(url, id, { json: options.json === true }));
    });

  program
    .command('delete-all')
    .description("delete every token of the store (only this store's namespace)")
    .argument('<url>', 'store URL')
    .option('--yes', 'confirm: without it, nothing is deleted and the exit code is 2')
    .option('--json', 'print JSON')
    .addOption(pageSizeOption())
    .action(async (url: string, options: { yes?: boolean; json?: boolean; pageSize: number }) => {
      setExitCode(
        await deleteAll(url, {
          yes: options.yes === true,
          json: options.json === true,
          pageSize: options.pageSize,
        }),
      );
    });

  program
    .command('prune')
    .description(
      'remove tokens by policy: not saved for a duration (--older-than 30d), refresh failed ' +
        'permanently (--refresh-failed), and expired refresh leases; --dry-run first',
    )
    .argument('<url>', 'store URL')
    .option('--older-than <duration>', 'tokens not saved for this long: 30d, 12h, 90m, 45s')
    .option('--refresh-failed', 'tokens whose refresh failed permanently')
    .option('--no-expired-leases', 'keep expired refresh leases and failure records')
    .option('--dry-run', 'say what would be removed, remove nothing')
    .option('--json', 'print JSON')
    .addOption(pageSizeOption())
    .action(
      async (
        url: string,
        options: {
          olderThan?: string;
          refreshFailed?: boolean;
          expiredLeases: boolean;
          dryRun?: boolean;
          json?: boolean;
          pageSize: number;
        },
      ) => {
        setExitCode(
          await pruneCommand(url, {
            olderThan: options.olderThan,
            refreshFailed: options.refreshFailed === true,
            expiredLeases: options.expiredLeases,
            dryRun: options.dryRun === true,
            json: options.json === true,
            pageSize: options.pageSize,
          }),
        );
      },
    );

  program
    .command('migrate')
    .description(
      'copy every token from one store to another under the same ids, streaming; ' +
        're-running copies only what is missing, and a target token with other values is reported, never overwritten',
    )
    .argument(
      '<from>',
      'source store URL, or a Zoho SDK store: zoho-sqlite:./zohooauth.db[?table=oauthtoken] or ' +
        'zoho-mysql://user:pass@host:3306/zohooauth[?table=oauthtoken] (read only)',
    )
    .argument('<to>', 'target store URL')
    .option('--dry-run', 'report what would be copied, write nothing')
    .option('--new-ids', 'let the target assign new ids (to merge sources whose ids overlap)')
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no progress output')
    .addOption(pageSizeOption())
    .addOption(concurrencyOption())
    .action(async (from: string, to: string, options: CopyFlags) => {
      setExitCode(await migrate(from, to, copyOptions(options)));
    });

  const importCommand = program
    .command('import')
    .description('import tokens from another format into a store');
  importCommand
    .command('zoho-csv')
    .description(
      'import a Zoho CRM SDK FileStore CSV (id,user_mail,client_id,client_secret,refresh_token,' +
        'access_token,grant_token,expiry_time,redirect_url[,api_domain]); malformed lines are reported and skipped',
    )
    .argument('<file>', 'the FileStore CSV file')
    .argument('<to>', 'target store URL')
    .option('--dry-run', 'report what would be imported, write nothing')
    .option('--new-ids', 'let the target assign new ids (to merge sources whose ids overlap)')
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no progress output')
    .addOption(pageSizeOption())
    .addOption(concurrencyOption())
    .action(async (file: string, to: string, options: CopyFlags) => {
      setExitCode(await importZohoCsv(file, to, copyOptions(options)));
    });

  program
    .command('export')
    .description('write every token as JSON Lines (secrets masked unless --include-secrets)')
    .argument('<from>', 'store URL')
    .option('--include-secrets', 'write secrets in full')
    .option('-o, --output <file>', 'write to this file (created with mode 0600) instead of stdout')
    .addOption(pageSizeOption())
    .action(
      async (
        from: string,
        options: { includeSecrets?: boolean; output?: string; pageSize: number },
      ) => {
        setExitCode(
          await exportTokens(from, {
            includeSecrets: options.includeSecrets === true,
            output: options.output,
            pageSize: options.pageSize,
          }),
        );
      },
    );

  // Every command that takes a store URL shows the URL forms and exit codes in its help too.
  for (const command of [...program.commands, ...importCommand.commands]) {
    if (command.name() !== 'import') command.addHelpText('after', STORE_URLS_HELP);
  }
  return program;
}

interface CopyFlags {
  dryRun?: boolean;
  newIds?: boolean;
  json?: boolean;
  quiet?: boolean;
  pageSize: number;
  concurrency: number;
}

function copyOptions(flags: CopyFlags) {
  return {
    dryRun: flags.dryRun === true,
    newIds: flags.newIds === true,
    json: flags.json === true,
    quiet: flags.quiet === true,
    pageSize: flags.pageSize,
    concurrency: flags.concurrency,
  };
}

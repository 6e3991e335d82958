#!/usr/bin/env node
// API reports: api-extractor's summary of every exported declaration of every published entry
// point, committed as packages/<name>/api/<report>.api.md, so that a change to the public
// surface shows in review. Run `pnpm build` first.
//
//   pnpm api:update   # rewrites the reports from the current build: commit them
//   pnpm api:check    # CI: fails when a report differs from the build (the API changed)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { publishedEntries, requireBuilt } from './published-entries.mjs';

const update = process.argv.includes('--update');
const entries = publishedEntries();
requireBuilt(entries, 'api-report');
const temp = mkdtempSync(join(tmpdir(), 'api-report-'));
const changed = [];
const failed = [];
try {
  for (const entry of entries) {
    if (update) mkdirSync(join(entry.dir, 'api'), { recursive: true });
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: entry.dir,
        mainEntryPointFilePath: entry.file,
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              target: 'ES2023',
              lib: ['ES2023', 'ES2024.String'],
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              types: ['node'],
              strict: true,
              skipLibCheck: true,
            },
            files: [entry.file],
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: entry.report,
          reportFolder: join(entry.dir, 'api'),
          reportTempFolder: join(temp, entry.report),
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // Release tags (@public/@beta) are not used: everything exported is public.
          extractorMessageReporting: {
            default: { logLevel: 'warning', addToApiReportFile: true },
            'ae-missing-release-tag': { logLevel: 'none' },
            // Documentation is the API reference's check (TypeDoc), where a member that
            // implements a documented interface member inherits its TSDoc.
            'ae-undocumented': { logLevel: 'none' },
          },
          // TSDoc is checked by the API reference build (TypeDoc), which knows our tags.
          tsdocMessageReporting: { default: { logLevel: 'none' } },
          compilerMessageReporting: { default: { logLevel: 'warning' } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(entry.dir, 'package.json'),
    });
    const result = Extractor.invoke(config, {
      localBuild: update,
      messageCallback: (message) => {
        // Report differences are summarised below; the rest goes through.
        if (String(message.messageId).startsWith('console-api-report')) message.handled = true;
      },
    });
    if (result.apiReportChanged) changed.push(entry.report);
    if (!result.succeeded && !result.apiReportChanged) failed.push(entry.specifier);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
const where = (name) => `${name}.api.md`;
if (update) {
  console.log(
    changed.length === 0
      ? `api-report: ${entries.length} reports up to date`
      : `api-report: rewrote ${changed.map(where).join(', ')}: review and commit them`,
  );
} else if (changed.length > 0) {
  console.error(
    `api-report: the public API differs from ${changed.map(where).join(', ')}.\n` +
      'If the change is intended, run `pnpm build && pnpm api:update` and commit the reports.',
  );
  process.exitCode = 1;
}
if (failed.length > 0) {
  console.error(`api-report: api-extractor failed for ${failed.join(', ')} (see above)`);
  process.exitCode = 1;
}
if (process.exitCode !== 1 && !update) {
  console.log(`api-report: ${entries.length} reports match the build`);
}

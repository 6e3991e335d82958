// Changelog lines written for the packages' users, with no GitHub API (so no token) needed:
// - a changeset's line is its summary as written, followed by a link to the commit that added it
//   (instead of the default generator's bare hash in front of it);
// - a release caused by a dependency's release names that dependency's new version and repeats
//   the first line of each changeset behind it, so an adapter's changelog says what changed for
//   its users when core did (instead of "Updated dependencies [hash]").
import { REPOSITORY } from '../scripts/package-metadata-rules.mjs';

/** The summary's lines, trimmed at the end, without leading and trailing blank lines. */
function linesOf(summary) {
  return summary
    .trim()
    .split('\n')
    .map((line) => line.trimEnd());
}

function commitLink(commit) {
  return commit ? ` ([${commit.slice(0, 7)}](${REPOSITORY}/commit/${commit}))` : '';
}

export default {
  async getReleaseLine(changeset) {
    const [first = '', ...rest] = linesOf(changeset.summary);
    return [
      `- ${first}${commitLink(changeset.commit)}`,
      ...rest.map((l) => (l ? `  ${l}` : '')),
    ].join('\n');
  },

  async getDependencyReleaseLine(changesets, dependenciesUpdated) {
    return dependenciesUpdated
      .map((dependency) => {
        const reasons = changesets
          .filter((cs) => cs.releases.some((r) => r.name === dependency.name && r.type !== 'none'))
          .map((cs) => `  - ${linesOf(cs.summary)[0]}${commitLink(cs.commit)}`);
        const head = `- Uses \`${dependency.name}@${dependency.newVersion}\``;
        return reasons.length > 0 ? `${head}:\n${reasons.join('\n')}` : `${head}.`;
      })
      .join('\n');
  },
};

/**
 * Self time per function of a `.cpuprofile` (Chrome format, as `node --cpu-prof` writes), the
 * largest first: `node --import tsx src/profile/summarize.ts FILE [top]`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topText = '30'] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: summarize.ts FILE [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const node = byId.get(id);
  const delta = profile.timeDeltas[i] ?? 0;
  if (node === undefined) return;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url === '' ? '' : ` ${basename(url)}:${lineNumber + 1}`;
  const name = `${functionName || '(anonymous)'}${where}`;
  selfUs.set(name, (selfUs.get(name) ?? 0) + delta);
  total += delta;
});
const rows = [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(topText));
for (const [name, us] of rows) {
  console.log(
    `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
  );
}

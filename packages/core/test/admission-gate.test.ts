import { describe, expect, it } from 'vitest';
import { AdmissionGate } from '../src/admission-gate.js';

/** `misses` lookups that miss; how many of them the gate keeps. */
function missMany(gate: AdmissionGate, misses: number): number {
  let kept = 0;
  for (let i = 0; i < misses; i++) if (gate.miss()) kept++;
  return kept;
}

/** One window of 512 lookups, `hits` of them hits; how many of the misses the gate keeps. */
function window(gate: AdmissionGate, hits: number): number {
  for (let i = 0; i < hits; i++) gate.hits++;
  return missMany(gate, 512 - hits);
}

describe('which misses a cache keeps', () => {
  it('keeps every miss until a window of lookups all but never hits', () => {
    const gate = new AdmissionGate();
    expect(missMany(gate, 511)).toBe(511);
    expect(gate.churning).toBe(false);
    gate.miss(); // the window's last lookup: the verdict comes with it
    expect(gate.churning).toBe(true);
  });

  it('while churning, keeps one miss in 16', () => {
    const gate = new AdmissionGate();
    window(gate, 0);
    expect(window(gate, 0)).toBe(32);
    expect(missMany(gate, 160)).toBe(10);
  });

  it('keeps every miss again after a window with more than a quarter hits', () => {
    const gate = new AdmissionGate();
    window(gate, 0);
    window(gate, 129);
    expect(gate.churning).toBe(false);
    expect(missMany(gate, 100)).toBe(100);
  });

  it('stays as it is between the two thresholds, so a half-filled cache does not flip', () => {
    const churning = new AdmissionGate();
    window(churning, 0);
    window(churning, 128);
    expect(churning.churning).toBe(true);
    const keeping = new AdmissionGate();
    window(keeping, 16);
    expect(keeping.churning).toBe(false);
    window(keeping, 15);
    expect(keeping.churning).toBe(true);
  });
});

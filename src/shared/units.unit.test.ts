import { describe, expect, it } from 'vitest';
import { convert, fromCanonical, MEASURE_SPECS, MEASURES, roundTo, toCanonical, type Unit } from './units';

describe('units', () => {
  it('converts the known factors', () => {
    expect(convert(1, 'kg', 'lb')).toBeCloseTo(2.20462262, 6);
    expect(convert(1, 'in', 'cm')).toBe(2.54);
    expect(convert(100, 'C', 'F')).toBe(212);
    expect(convert(98.6, 'F', 'C')).toBeCloseTo(37, 10);
    expect(convert(1, 'mmol/L', 'mg/dL')).toBe(18.016);
    expect(() => convert(1, 'kg', 'cm')).toThrow(/no conversion/);
  });

  it('round trips every accepted unit through the canonical one within the display rounding', () => {
    const samples: Record<Unit, number[]> = {
      mmHg: [50, 120, 300],
      bpm: [20, 72, 300],
      kg: [0.5, 68.2, 499.9],
      lb: [1.2, 150, 150.5, 321.7],
      cm: [20, 172.4, 275],
      in: [10, 68.5, 100],
      'mg/dL': [10, 99, 100, 126, 1000],
      'mmol/L': [0.6, 5.5, 7, 11.1, 55.5],
      C: [30, 36.6, 45],
      F: [86, 98.6, 101.3],
      '%': [50, 97, 100],
      'breaths/min': [4, 16, 80],
    };
    for (const m of MEASURES) {
      for (const unit of MEASURE_SPECS[m].accepted) {
        for (const v of samples[unit]) {
          expect(fromCanonical(m, toCanonical(m, v, unit), unit), `${m} ${v} ${unit}`).toBe(v);
        }
      }
    }
  });

  it('stores in the canonical unit with 4 decimals and shows in the asked unit', () => {
    expect(toCanonical('weight', 150, 'lb')).toBe(68.0389);
    expect(fromCanonical('weight', 68.0389, 'kg')).toBe(68);
    expect(toCanonical('glucose', 5.5, 'mmol/L')).toBe(99.088);
    expect(fromCanonical('glucose', 100, 'mmol/L')).toBe(5.6);
    expect(toCanonical('temperature', 98.6, 'F')).toBe(37);
    expect(roundTo(1.005, 2)).toBe(1.01);
  });

  it('gives every measure a LOINC code and its canonical unit first among the accepted ones', () => {
    for (const m of MEASURES) {
      const s = MEASURE_SPECS[m];
      expect(s.loinc).toMatch(/^\d+-\d$/);
      expect(s.accepted[0]).toBe(s.canonical);
    }
    expect(MEASURE_SPECS.blood_pressure.components).toEqual(['8480-6', '8462-4']);
  });
});

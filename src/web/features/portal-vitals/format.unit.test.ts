import { describe, expect, it } from 'vitest';
import { niceTicks } from './chart-scale';
import { formatReading, preferredUnits, trendOf, trendWords, whenLabel } from './format';
import type { MeResponse } from '../../../shared/schemas/auth';

const bp = (value: number, value2: number) => ({ measure: 'blood_pressure' as const, value, value2, unit: 'mmHg' as const });
const kg = (value: number) => ({ measure: 'weight' as const, value, value2: null, unit: 'kg' as const });

describe('portal vitals formatting', () => {
  it('shows a reading with its unit, at most the decimals of that unit', () => {
    expect(formatReading(bp(120, 80))).toBe('120/80 mmHg');
    expect(formatReading(kg(68.5))).toBe('68.5 kg');
    expect(formatReading({ measure: 'weight', value: 150, value2: null, unit: 'lb' })).toBe('150 lb');
    expect(formatReading({ measure: 'temperature', value: 36.8, value2: null, unit: 'C' })).toBe('36.8 °C');
  });

  it('reads the trend as the numbers are shown: the top number first, then the bottom one', () => {
    expect(trendOf(kg(70.04), kg(70.01))).toBe('flat'); // both show as 70 kg
    expect(trendOf(kg(70.5), kg(70))).toBe('up');
    expect(trendOf(kg(69.5), kg(70))).toBe('down');
    expect(trendOf(bp(120, 85), bp(120, 80))).toBe('up');
    expect(trendOf(bp(118, 85), bp(120, 80))).toBe('down');
    expect(trendOf(kg(70), null)).toBeNull();
    expect(trendWords('down', bp(134, 79))).toBe('Down from 134/79 mmHg');
    expect(trendWords('flat', kg(70))).toBe('Same as 70 kg');
  });

  it('says today and yesterday in words', () => {
    const now = new Date(2026, 11, 3, 12, 0);
    expect(whenLabel(new Date(2026, 11, 3, 9, 5).toISOString(), now)).toMatch(/^Today, /);
    expect(whenLabel(new Date(2026, 11, 2, 20, 0).toISOString(), now)).toMatch(/^Yesterday, /);
    expect(whenLabel(new Date(2025, 0, 2).toISOString(), now)).toMatch(/2025/);
  });

  it('takes the preferred units from the signed-in user, else metric', () => {
    const me = (preferred_units?: string) => ({ user: { preferred_units } }) as unknown as MeResponse;
    expect(preferredUnits(me('us'))).toBe('us');
    expect(preferredUnits(me())).toBe('metric');
    expect(preferredUnits(me('imperial'))).toBe('metric');
    expect(preferredUnits(null)).toBe('metric');
  });

  it('puts round ticks inside the axis the API suggests, never from zero', () => {
    expect(niceTicks(50, 150)).toEqual([50, 75, 100, 125, 150]);
    expect(niceTicks(90, 98)).toEqual([90, 92, 94, 96, 98]);
    expect(niceTicks(36, 37.6)).toEqual([36, 36.5, 37, 37.5]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});

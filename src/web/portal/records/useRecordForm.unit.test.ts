import { describe, expect, it } from 'vitest';
import { fieldMessage, numberOrNull, numberText, textOrNull, textsOf } from './useRecordForm';

describe('record form helpers', () => {
  it('shows a sentence as it is and puts the label before a bare rule', () => {
    expect(fieldMessage('End date', 'The end date cannot be before the start date')).toBe('The end date cannot be before the start date');
    expect(fieldMessage('Start date', 'must be a date YYYY-MM-DD')).toBe('Start date must be a date YYYY-MM-DD');
  });
  it('reads numbers typed with a comma or a point, empty as null, anything else as NaN', () => {
    expect(numberOrNull(' 5,8 ')).toBe(5.8);
    expect(numberOrNull('7.2')).toBe(7.2);
    expect(numberOrNull('  ')).toBeNull();
    expect(numberOrNull('abc')).toBeNaN();
    expect(numberText(null)).toBe('');
    expect(numberText(0)).toBe('0');
  });
  it('trims text and sends an empty field as null', () => {
    expect(textOrNull('  Metformin ')).toBe('Metformin');
    expect(textOrNull('   ')).toBeNull();
  });
  it("starts text fields from the entry's values, a missing one and a new entry as ''", () => {
    const entry = { name: 'Metformin', reason: null, notes: 'with food' };
    expect(textsOf(entry, ['name', 'reason', 'notes'])).toEqual({ name: 'Metformin', reason: '', notes: 'with food' });
    expect(textsOf<typeof entry, 'name' | 'notes'>(null, ['name', 'notes'])).toEqual({ name: '', notes: '' });
  });
});

import { describe, expect, it } from 'vitest';
import { fieldMessage, numberOrNull, numberText, textOrNull } from './useRecordForm';

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
});

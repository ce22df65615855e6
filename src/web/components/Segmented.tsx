// One choice among a few, side by side (the vitals chart's period): native radio buttons, so the arrow
// keys move the choice and a screen reader says "radio button, 2 of 4", drawn like Mantine's
// SegmentedControl without its measuring (Segmented.module.css).
import { useId } from 'react';
import classes from './Segmented.module.css';

export function Segmented<T extends string>({
  label,
  value,
  onChange,
  data,
}: {
  /** The group's name for assistive technology ("Period"). */
  label: string;
  value: T;
  onChange: (value: T) => void;
  data: readonly { value: T; label: string }[];
}) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={label} className={classes.root}>
      {data.map((d) => (
        <label key={d.value} className={classes.item} data-active={d.value === value || undefined}>
          <input
            type="radio"
            className={classes.input}
            name={name}
            value={d.value}
            checked={d.value === value}
            onChange={() => onChange(d.value)}
          />
          {d.label}
        </label>
      ))}
    </div>
  );
}

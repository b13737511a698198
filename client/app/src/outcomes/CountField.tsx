/** A labelled whole-number input of at least 1 (an empty or invalid entry counts as 1). */
export function CountField(props: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  max?: number;
  required?: boolean;
  testId?: string;
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type="number"
        min={1}
        max={props.max}
        value={props.value}
        required={props.required}
        data-testid={props.testId}
        onInput={(e) => props.onChange(Math.max(1, Math.floor(Number(e.currentTarget.value) || 1)))}
      />
    </label>
  );
}

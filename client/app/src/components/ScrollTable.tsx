import type { ComponentChildren } from 'preact';

/** A column header: its text, and whether the column holds numbers (right-aligned). */
export type Column = string | { label: string; numeric: boolean };

/**
 * A table with one header row, inside a box that scrolls sideways when the table is wider than its column.
 * The box is focusable, so a keyboard can scroll it, and it and the table are named by `labelledBy` (the id of
 * the heading above). `children` are the body's rows.
 */
export function ScrollTable(props: {
  labelledBy: string;
  columns: Column[];
  testId?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap" tabIndex={0} role="group" aria-labelledby={props.labelledBy}>
      <table aria-labelledby={props.labelledBy} data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((c) => {
              const { label, numeric } = typeof c === 'string' ? { label: c, numeric: false } : c;
              return (
                <th scope="col" key={label} class={numeric ? 'num' : undefined}>
                  {label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

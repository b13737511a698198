/** The line under a form that says why the last action was refused (empty, but present, when nothing was). */
export function ErrorLine(props: { message: string | null | undefined }) {
  return (
    <p role="alert" class="error">
      {props.message}
    </p>
  );
}

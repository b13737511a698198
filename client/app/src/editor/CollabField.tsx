import { Compartment, EditorState } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { useEffect, useRef } from 'preact/hooks';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

function insertLineBreak(view: EditorView): boolean {
  if (view.state.readOnly) return false;
  view.dispatch(view.state.replaceSelection('\n'), { scrollIntoView: true, userEvent: 'input' });
  return true;
}

function readOnlyExtension(readOnly: boolean, label: string): Extension {
  return [
    // Read-only but still focusable: keyboard and screen-reader users can move through the text.
    EditorState.readOnly.of(readOnly),
    EditorView.contentAttributes.of({ 'aria-readonly': String(readOnly), 'aria-label': label }),
  ];
}

/**
 * One co-edited text: a CodeMirror 6 editor bound to a Y.Text with y-codemirror.next, showing the others'
 * cursors and names (from awareness). Tab is left to the browser, so keyboard users can move on.
 */
export function CollabField(props: {
  text: Y.Text;
  awareness: Awareness;
  label: string;
  readOnly: boolean;
  singleLine?: boolean;
  placeholderText?: string;
  /** Focus this editor once it is created (a recommendation just added by this page). */
  autoFocus?: boolean;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const readOnly = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const extensions: Extension[] = [
      // Cursor motion and deletion are the browser's own (contenteditable); only Enter and undo are bound.
      // @codemirror/commands' defaultKeymap would bring the language package along for indentation.
      keymap.of([
        { key: 'Enter', run: props.singleLine ? () => true : insertLineBreak },
        ...yUndoManagerKeymap,
      ]),
      EditorView.lineWrapping,
      yCollab(props.text, props.awareness),
      readOnly.current.of(readOnlyExtension(props.readOnly, props.label)),
    ];
    if (props.placeholderText) extensions.push(placeholder(props.placeholderText));
    view.current = new EditorView({
      parent: host.current,
      state: EditorState.create({ doc: props.text.toString(), extensions }),
    });
    if (props.autoFocus) view.current.focus();
    return () => {
      view.current?.destroy();
      view.current = null;
    };
  }, [props.text, props.awareness]);

  useEffect(() => {
    view.current?.dispatch({
      effects: readOnly.current.reconfigure(readOnlyExtension(props.readOnly, props.label)),
    });
  }, [props.readOnly, props.label]);

  return (
    <div
      ref={host}
      class={`collab-field${props.singleLine ? ' single-line' : ''}${props.readOnly ? ' read-only' : ''}`}
      data-testid={props.testId}
    />
  );
}

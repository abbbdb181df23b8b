/** Set for the command `latchkey exec` runs, so an exec inside it knows (the value is the role). */
export const EXEC_MARKER = 'LATCHKEY_EXEC';

// An error whose message is one sentence meant for the user: the CLI prints it
// on stderr without a stack trace, the app shows it as it is. Anything else that
// escapes is a bug and is reported as such.

export type UserErrorCode =
  | 'file_not_found'
  | 'file_unreadable'
  | 'file_empty'
  | 'not_a_text_file'
  | 'encoding_unreadable'
  | 'no_email_column'
  | 'column_not_found'
  | 'column_role_conflict'
  | 'csv_malformed'
  | 'output_unwritable'
  | 'suppression_unreadable'
  | 'bad_argument'
  | 'cancelled'
  | 'dns_failed'
  | 'ses_failed'
  | 'ses_sandbox'
  | 'not_a_send_list'
  | 'list_too_large';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && (error as { name?: string }).name === 'UserError' && 'code' in error;
}

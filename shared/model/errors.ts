// An error whose message is one sentence meant for the user: the CLI prints it
// on stderr without a stack trace, the app shows it as it is. Anything else that
// escapes is a bug and is reported as such.
//
// One sentence per audience: `message` is the CLI's (it may name a flag such as
// --region); `appMessage`, when the two differ, is the app's, which names the
// control to use instead. Whatever reaches the renderer goes through
// appSentence(); test/unit/app-sentences.test.ts checks that every message
// naming a flag has an app sentence that names none.

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
    /** The app's sentence, when it differs from the CLI's (`message`): the control to use, never a flag. */
    readonly appMessage?: string,
  ) {
    super(message);
  }
}

/** The sentence the app shows for a user error: its app sentence, or the one sentence both audiences share. */
export function appSentence(error: UserError): string {
  return error.appMessage ?? error.message;
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && (error as { name?: string }).name === 'UserError' && 'code' in error;
}

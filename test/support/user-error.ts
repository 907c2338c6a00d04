// The sentence a user would see: awaits a promise that must fail with a UserError
// and hands the error back, so a test can read its code and message. Six test
// files carried their own copy of this.
import { isUserError, type UserError } from '../../shared/model/errors';

export async function userErrorFrom(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

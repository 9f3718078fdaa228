/**
 * What a call throws, to check its error: a formula error's `code` ("#NUM!") and message by default, or
 * an engine error's `kind` with `errorOf<DealError>(...)`. A call that does not throw fails the test.
 */
export function errorOf<E extends { message: string } = { code: string; message: string }>(call: () => unknown): E {
  try {
    call();
  } catch (e) {
    return e as E;
  }
  throw new Error("expected the call to throw");
}

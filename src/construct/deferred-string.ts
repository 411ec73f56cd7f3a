import { Fn, IResolvable, IResolveContext, Token } from 'cdktf';

/**
 * A string token whose value `produce` computes when cdktf resolves it, as
 * `Lazy.stringValue({ produce })` would, minus the stack trace that cdktf's Lazy records where it
 * is created. That trace only decorates cdktf's message when producing fails, and capturing it
 * costs every synth time, for each value of each construct.
 */
export function deferredString(produce: (context: IResolveContext) => string): string {
  return Token.asString(new DeferredValue(produce));
}

/**
 * What `Token.asString(Fn.sensitive(literal))` renders, written out: `${sensitive("…")}` where
 * cdktf expects a value, `sensitive("…")` inside another expression, such as a function's
 * argument. cdktf's own call records two stack traces, at each use of each token.
 *
 * Only a literal that needs no escaping in a Terraform string is written out (a JWT, whose
 * characters are base64url and dots, or an API key of the same characters); anything else goes
 * through `Fn.sensitive`, which escapes it.
 */
export function sensitiveLiteral(literal: string, context: IResolveContext): string {
  if (!/^[A-Za-z0-9_.-]*$/.test(literal)) {
    return Token.asString(Fn.sensitive(literal));
  }
  const call = `sensitive("${literal}")`;
  return context.suppressBraces === true ? call : `\${${call}}`;
}

class DeferredValue implements IResolvable {
  /** Empty: cdktf then words a failure with the producer's own message alone. */
  public readonly creationStack: string[] = [];

  constructor(private readonly produce: (context: IResolveContext) => string) {}

  public resolve(context: IResolveContext): string {
    return this.produce(context);
  }

  public toString(): string {
    return Token.asString(this);
  }
}

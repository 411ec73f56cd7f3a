import { randomBytes, randomUUID } from 'node:crypto';
import { TokenSigner } from './token-signer';
import { EmulatorAccount } from './user-directory';

/** The claims of every token the emulator issues. */
export interface EmulatorTokenClaims {
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
  readonly sub: string;
  readonly org: string;
  readonly tenantUid: string;
  readonly sid: string;

  /**
   * Present and true on the token of a login that still needs its second factor. Such a token
   * opens nothing: no public endpoint completes the factor, which is why clients must refuse it.
   */
  readonly mfaPending?: boolean;
}

/** A token together with the claims it carries. */
export interface IssuedToken {
  readonly token: string;
  readonly claims: EmulatorTokenClaims;
}

/** Why a presented token was refused. */
export type TokenRefusal = 'invalid' | 'expired' | 'mfa-pending' | 'session-timed-out';

/** A presented token that was refused, with its id when it was one of ours. */
export interface RefusedToken {
  readonly accepted: false;
  readonly reason: TokenRefusal;
  readonly tokenId?: string;
}

/** The verdict on a token presented as a credential. */
export type TokenVerdict =
  { readonly accepted: true; readonly claims: EmulatorTokenClaims } | RefusedToken;

/** The verdict on a refresh: the new token, or why there is none. */
export type RefreshVerdict =
  | { readonly accepted: true; readonly claims: EmulatorTokenClaims; readonly issued: IssuedToken }
  | RefusedToken;

/** Lifetimes that decide when tokens and sessions end. */
export interface TokenLifetimes {
  readonly tokenTtlSeconds: number;
  readonly sessionTtlSeconds: number;
}

/**
 * Issues, refreshes and judges the emulator's tokens, and remembers when each session began.
 *
 * A session starts at a password login and ends `sessionTtlSeconds` later whatever refreshes
 * happen in between, which is how Palette's session timeout bounds a chain of refreshes.
 */
export class TokenIssuer {
  private readonly signer = new TokenSigner();
  private readonly sessionStarts = new Map<string, number>();

  constructor(private readonly lifetimes: TokenLifetimes) {}

  /** Starts a session for a login that passed the password check. */
  public startSession(account: EmulatorAccount): IssuedToken {
    const now = nowSeconds();
    this.forgetEndedSessions(now);

    const sid = randomUUID();
    this.sessionStarts.set(sid, now);
    return this.issue(account, sid, now, account.mfa);
  }

  /**
   * Judges a token for use as a credential: signed here, unexpired and past its second factor.
   */
  public check(token: string): TokenVerdict {
    const claims = this.verifiedClaims(token);
    if (claims === undefined) {
      return { accepted: false, reason: 'invalid' };
    }
    if (nowSeconds() >= claims.exp) {
      return { accepted: false, reason: 'expired', tokenId: claims.jti };
    }
    if (claims.mfaPending === true) {
      return { accepted: false, reason: 'mfa-pending', tokenId: claims.jti };
    }
    return { accepted: true, claims };
  }

  /**
   * Issues a new token of the same session, or says why the presented one cannot be refreshed.
   */
  public refresh(token: string): RefreshVerdict {
    const verdict = this.check(token);
    if (!verdict.accepted) {
      return verdict;
    }

    const now = nowSeconds();
    const started = this.sessionStarts.get(verdict.claims.sid);
    if (started === undefined || now - started >= this.lifetimes.sessionTtlSeconds) {
      return { accepted: false, reason: 'session-timed-out', tokenId: verdict.claims.jti };
    }

    const { claims } = verdict;
    const account = { userUid: claims.sub, org: claims.org, tenantUid: claims.tenantUid };
    return { ...verdict, issued: this.issue(account, claims.sid, now, false) };
  }

  /** The token id of a token signed here, even an expired one: it is not a secret. */
  public tokenIdOf(token: string): string | undefined {
    return this.verifiedClaims(token)?.jti;
  }

  private issue(
    account: Pick<EmulatorAccount, 'userUid' | 'org' | 'tenantUid'>,
    sid: string,
    now: number,
    mfaPending: boolean,
  ): IssuedToken {
    const claims: EmulatorTokenClaims = {
      iat: now,
      exp: now + this.lifetimes.tokenTtlSeconds,
      jti: randomBytes(16).toString('hex'),
      sub: account.userUid,
      org: account.org,
      tenantUid: account.tenantUid,
      sid,
      ...(mfaPending ? { mfaPending: true } : {}),
    };
    return { token: this.signer.sign({ ...claims }), claims };
  }

  private verifiedClaims(token: string): EmulatorTokenClaims | undefined {
    const claims = this.signer.verify(token);
    const wellFormed =
      claims !== undefined &&
      typeof claims.exp === 'number' &&
      typeof claims.jti === 'string' &&
      typeof claims.sid === 'string';
    return wellFormed ? (claims as unknown as EmulatorTokenClaims) : undefined;
  }

  private forgetEndedSessions(now: number): void {
    for (const [sid, started] of this.sessionStarts) {
      if (now - started >= this.lifetimes.sessionTtlSeconds) {
        this.sessionStarts.delete(sid);
      }
    }
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

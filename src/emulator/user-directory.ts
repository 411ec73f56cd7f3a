import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** One account the emulator accepts, as the in-process server receives it. */
export interface EmulatorUserRecord {
  /** The login email, matched byte for byte. */
  readonly emailId: string;

  /** The organization (tenant) name, matched byte for byte: the real service gets it as typed. */
  readonly org: string;

  /** The password, matched byte for byte. It never reaches a log or an answer. */
  readonly password: string;

  /**
   * Whether the account needs a second factor, so that a login answers `isMfa: true`.
   *
   * @default false
   */
  readonly mfa?: boolean;

  /**
   * The user's uid, the `sub` claim and `userUid` of `/v1/users/info`.
   *
   * @default - a random 24-hex-digit uid, the shape Palette uses
   */
  readonly userUid?: string;

  /**
   * The tenant's uid.
   *
   * @default - a random uid shared by every user of the same org
   */
  readonly tenantUid?: string;
}

/** An account with its uids settled. */
export interface EmulatorAccount {
  readonly emailId: string;
  readonly org: string;
  readonly mfa: boolean;
  readonly userUid: string;
  readonly tenantUid: string;
}

interface StoredAccount extends EmulatorAccount {
  readonly passwordDigest: Buffer;
}

/**
 * The accounts an emulator knows, looked up the way a login names them.
 *
 * Passwords are compared as SHA-256 digests in constant time, so that neither the length nor
 * the first wrong byte of a guess shows in the response time.
 */
export class UserDirectory {
  private readonly accounts = new Map<string, StoredAccount>();

  constructor(users: readonly EmulatorUserRecord[]) {
    const tenantUids = new Map<string, string>();
    for (const user of users) {
      const tenantUid = user.tenantUid ?? tenantUids.get(user.org) ?? randomUid();
      tenantUids.set(user.org, tenantUid);
      this.accounts.set(accountKey(user.emailId, user.org), {
        emailId: user.emailId,
        org: user.org,
        mfa: user.mfa ?? false,
        userUid: user.userUid ?? randomUid(),
        tenantUid,
        passwordDigest: digest(user.password),
      });
    }
  }

  /** The account a login names, whether or not its password is right. */
  public find(emailId: string, org: string): EmulatorAccount | undefined {
    return this.accounts.get(accountKey(emailId, org));
  }

  /** Whether `password` is the account's password, byte for byte. */
  public passwordMatches(account: EmulatorAccount, password: string): boolean {
    const stored = this.accounts.get(accountKey(account.emailId, account.org));
    return stored !== undefined && timingSafeEqual(stored.passwordDigest, digest(password));
  }
}

function accountKey(emailId: string, org: string): string {
  return JSON.stringify([emailId, org]);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function randomUid(): string {
  return randomBytes(12).toString('hex');
}

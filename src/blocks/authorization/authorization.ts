// C. Authorization: decides whether a presented idToken may charge, and whether it may stop a
// transaction. The decision order, in one place:
//
//   1. no authorization needed: AuthCtrlr.Enabled false; NoAuthorization or Central token
//   2. what the station knows: the Local Authorization List (D, through the LocalList hook)
//      before the Authorization Cache (C13.FR.01, C14.FR.01)
//   3. online: a known Accepted token starts at once when LocalPreAuthorize (C12, C14.FR.02);
//      a known token not Accepted is asked for again unless DisablePostAuthorize (C10.FR.03,
//      C12.FR.05, C14.FR.03); otherwise AuthorizeRequest (C01.FR.02), unless
//      DisableRemoteAuthorization
//   4. offline, or the CSMS gave no answer: what the station knows when LocalAuthorizeOffline
//      (C12, C13), else OfflineTxForUnknownIdEnabled (C15)
//   5. for starting: a Master Pass token may not (C16.FR.03); a token limited to other EVSEs
//      may not here (C01.FR.21)

import type {
  AuthorizeRequest,
  AuthorizeResponse,
  ClearCacheResponse,
  IdTokenInfoType,
  IdTokenType,
} from '../../generated/ocpp201/index.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import { parsePath } from '../../device-model/path.js';
import type { StationContext } from '../../kernel/context.js';
import type { StationScope } from '../../store/scope.js';
import { AuthCache, type AuthCacheOptions } from './auth-cache.js';
import type {
  AuthorizationRequest,
  AuthorizationResult,
  Authorizer,
  ContractAuthorizationRequest,
  LocalList,
  StopRight,
} from './authorizer.js';
import { decideContract } from './contract-authorization.js';
import { allowedOnEvse, inMasterPassGroup, needsAuthorization, sameGroup, tokensEqual } from './id-token.js';

export interface AuthorizationOptions {
  db: StationScope;
  /** The D block's list, when installed; also settable later with useLocalList(). */
  localList?: LocalList;
  /** Overrides AuthCacheCtrlr.Storage's maxLimit. */
  maxCacheBytes?: number;
}

/** When AuthCacheCtrlr.Storage has no maxLimit. */
const DEFAULT_CACHE_BYTES = 1024 * 1024;

interface Known {
  source: 'cache' | 'localList';
  info: IdTokenInfoType;
}

export class Authorization implements Authorizer {
  readonly cache: AuthCache;
  private localList: LocalList | undefined;

  constructor(
    private readonly ctx: StationContext,
    options: AuthorizationOptions,
  ) {
    const maxBytes = options.maxCacheBytes ?? storageLimit(ctx) ?? DEFAULT_CACHE_BYTES;
    this.localList = options.localList;
    this.cache = new AuthCache(options.db, new StationCacheOptions(ctx, maxBytes));
    this.cache.report();
  }

  /** The D block installs its list here. */
  useLocalList(list: LocalList | undefined): void {
    this.localList = list;
  }

  async authorize(request: AuthorizationRequest): Promise<AuthorizationResult> {
    const { idToken, evseId } = request;
    const result = await this.decide(idToken, evseId);
    this.ctx.log.info({ tokenType: idToken.type, evseId, status: result.status, source: result.source }, 'authorization');
    return this.forStart(result, evseId);
  }

  /** C07 Plug & Charge (contract-authorization.ts); then, as for any token, C16 and C01.FR.21. */
  async authorizeContract(request: ContractAuthorizationRequest): Promise<AuthorizationResult> {
    const { evseId } = request;
    const result = await decideContract(request, {
      dm: this.ctx.dm,
      now: () => this.ctx.now(),
      reachable: () => this.reachable(),
      ask: (idToken, fields) => this.request({ idToken, ...fields }, evseId),
      offline: (idToken) => this.decideOffline(idToken, this.known(idToken)),
    });
    this.ctx.log.info({ tokenType: 'eMAID', evseId, status: result.status, source: result.source }, 'contract authorization');
    return this.forStart(result, evseId);
  }

  learn(idToken: IdTokenType, info: IdTokenInfoType): void {
    this.remember(idToken, info); // C10.FR.05, C12.FR.06
    this.announce(idToken, info, undefined, 'TransactionEvent');
  }

  async stopRight(started: { idToken: IdTokenType; groupIdToken?: IdTokenType }, presented: IdTokenType): Promise<StopRight | undefined> {
    // C01.FR.03 (a), C09.FR.07 (a): the token that started it, without asking anyone.
    if (tokensEqual(started.idToken, presented)) return 'owner';
    const startedGroup = started.groupIdToken ?? this.known(started.idToken)?.info.groupIdToken;
    // C16: a valid Master Pass token; C09.FR.03/C09.FR.11: a valid token of the same group.
    const right = (info: IdTokenInfoType): StopRight | undefined =>
      this.masterPass(info) ? 'masterPass' : info.status === 'Accepted' && sameGroup(startedGroup, info.groupIdToken) ? 'group' : undefined;
    const known = this.known(presented);
    // C01.FR.03 (b), C09.FR.07 (b), C16.FR.04/05: known, valid and of the group: no request.
    const knownRight = known && right(known.info);
    if (knownRight) {
      if (known.source === 'cache') this.cache.touch(presented);
      return knownRight;
    }
    if (known && known.info.status !== 'Accepted' && this.postAuthorizeDisabled(known.source)) return undefined;
    // C09.FR.05: otherwise the CSMS is asked for the presented token's status and group.
    if (!this.reachable() || this.ctx.dm.getBool(DM.AuthCtrlr.DisableRemoteAuthorization) === true) return undefined;
    const answer = await this.ask(presented);
    return answer === undefined ? undefined : right(answer);
  }

  /** C11 ClearCache. */
  clearCache(): ClearCacheResponse {
    // C11.FR.04: Rejected while the cache is disabled.
    if (!this.cacheEnabled()) return { status: 'Rejected', statusInfo: { reasonCode: 'Disabled' } };
    try {
      this.cache.clear(); // C11.FR.01
      return { status: 'Accepted' }; // C11.FR.03
    } catch (error) {
      this.ctx.log.error({ err: error }, 'cannot clear the authorization cache');
      return { status: 'Rejected', statusInfo: { reasonCode: 'InternalError' } }; // C11.FR.05
    }
  }

  // --- the decision ---

  private async decide(idToken: IdTokenType, evseId: number | undefined): Promise<AuthorizationResult> {
    const { dm } = this.ctx;
    // AuthCtrlr.Enabled false: no authorization at all (C01.FR.01 applies only when true).
    // C02 start button (NoAuthorization); C03.FR.01, C05.FR.01: a Central token is not asked for.
    if (dm.getBool(DM.AuthCtrlr.Enabled) === false || !needsAuthorization(idToken)) {
      return { status: 'Accepted', info: { status: 'Accepted' }, local: true, source: 'notRequired' };
    }
    const known = this.known(idToken);
    if (this.reachable()) {
      if (known) {
        // C12.FR.02, C14.FR.02/04: LocalPreAuthorize starts a known Accepted token at once.
        if (known.info.status === 'Accepted' && dm.getBool(DM.AuthCtrlr.LocalPreAuthorize) === true) return this.use(idToken, known);
        // DisablePostAuthorize: a known token not Accepted keeps that status, without asking.
        if (known.info.status !== 'Accepted' && this.postAuthorizeDisabled(known.source)) return this.use(idToken, known);
      }
      // DisableRemoteAuthorization: only the cache and the list decide.
      if (dm.getBool(DM.AuthCtrlr.DisableRemoteAuthorization) === true) {
        return known ? this.use(idToken, known) : { status: 'Unknown', info: { status: 'Unknown' }, local: true, source: 'remoteDisabled' };
      }
      // C01.FR.02, C10.FR.03, C12.FR.05, C14.FR.03: ask the CSMS.
      const info = await this.ask(idToken, evseId);
      if (info) return { status: info.status, info, local: false, source: 'csms' };
      // No answer (lost link, timeout, CALLERROR): decided as offline.
    }
    return this.decideOffline(idToken, known);
  }

  /**
   * Offline. A known token not Accepted stays refused (it is not "unknown", C13.FR.06); a known
   * Accepted one is accepted when LocalAuthorizeOffline; otherwise the token counts as unknown:
   * accepted only when OfflineTxForUnknownIdEnabled (C15.FR.08), and then not cached
   * (C15.FR.01: nothing is written here).
   */
  private decideOffline(idToken: IdTokenType, known: Known | undefined): AuthorizationResult {
    const { dm } = this.ctx;
    if (known && known.info.status !== 'Accepted') return this.use(idToken, known);
    if (known && dm.getBool(DM.AuthCtrlr.LocalAuthorizeOffline) !== false) return this.use(idToken, known); // C12, C13.FR.02-06
    if (dm.getBool(DM.AuthCtrlr.OfflineTxForUnknownIdEnabled) === true) {
      return { status: 'Accepted', info: { status: 'Accepted' }, local: true, source: 'offlineRules', unknownOffline: true };
    }
    return { status: 'Unknown', info: { status: 'Unknown' }, local: true, source: 'offlineRules' };
  }

  /** C16.FR.03/C12.FR.09 Master Pass, then C01.FR.21 EVSE restriction. */
  private forStart(result: AuthorizationResult, evseId: number | undefined): AuthorizationResult {
    if (result.status !== 'Accepted') return result;
    if (this.masterPass(result.info)) return { ...result, status: 'Invalid', masterPass: true };
    if (!allowedOnEvse(result.info, evseId)) return { ...result, status: 'NotAllowedTypeEVSE' };
    return result;
  }

  // --- what the station knows ---

  /** The list's entry, else the cache's (C13.FR.01, C14.FR.01); the cache only when enabled (C10.FR.11). */
  private known(idToken: IdTokenType): Known | undefined {
    const listed = this.localList?.lookup(idToken);
    if (listed) return { source: 'localList', info: listed };
    if (!this.cacheEnabled()) return undefined;
    const cached = this.cache.get(idToken);
    return cached ? { source: 'cache', info: cached } : undefined;
  }

  private use(idToken: IdTokenType, known: Known): AuthorizationResult {
    if (known.source === 'cache') this.cache.touch(idToken);
    return { status: known.info.status, info: known.info, local: true, source: known.source };
  }

  /** AuthorizeRequest for the token alone. */
  private async ask(idToken: IdTokenType, evseId?: number): Promise<IdTokenInfoType | undefined> {
    return (await this.request({ idToken }, evseId))?.idTokenInfo;
  }

  /** AuthorizeRequest; the answer updates the cache (C10.FR.04). Undefined when there is none. */
  private async request(request: AuthorizeRequest, evseId?: number): Promise<AuthorizeResponse | undefined> {
    const { idToken } = request;
    try {
      const response = await this.ctx.call('Authorize', request);
      this.remember(idToken, response.idTokenInfo);
      this.announce(idToken, response.idTokenInfo, evseId);
      return response;
    } catch (error) {
      this.ctx.log.warn({ err: error, tokenType: idToken.type }, 'AuthorizeRequest got no answer');
      return undefined;
    }
  }

  /** C10: every IdTokenInfo received goes to the cache, when enabled, but never tariff text (C10.FR.09). */
  private remember(idToken: IdTokenType, info: IdTokenInfoType): void {
    if (!this.cacheEnabled() || !needsAuthorization(idToken)) return; // C10.FR.11; C02.FR.03, C03.FR.02, C05.FR.02
    const { personalMessage: _tariffOrGreeting, ...kept } = info;
    try {
      this.cache.put(idToken, kept);
    } catch (error) {
      this.ctx.log.error({ err: error }, 'cannot store in the authorization cache');
    }
  }

  /** personalMessage for the display (I01, C01.FR.08/09). */
  private announce(idToken: IdTokenType, info: IdTokenInfoType, evseId?: number, via?: 'TransactionEvent'): void {
    if (!info.personalMessage) return;
    this.ctx.events.emit('personalMessage', {
      idToken,
      message: info.personalMessage,
      ...(info.language1 !== undefined ? { language1: info.language1 } : {}),
      ...(info.language2 !== undefined ? { language2: info.language2 } : {}),
      ...(evseId !== undefined ? { evseId } : {}),
      ...(via !== undefined ? { via } : {}),
    });
  }

  private reachable(): boolean {
    return this.ctx.online() && this.ctx.registration() === 'Accepted';
  }

  private cacheEnabled(): boolean {
    return this.ctx.dm.getBool(DM.AuthCacheCtrlr.Enabled) === true;
  }

  private postAuthorizeDisabled(source: Known['source']): boolean {
    if (source === 'localList') return this.localList?.disablePostAuthorize?.() === true;
    return this.ctx.dm.getBool(DM.AuthCacheCtrlr.DisablePostAuthorize) === true;
  }

  private masterPass(info: IdTokenInfoType): boolean {
    return info.status === 'Accepted' && inMasterPassGroup(info, this.ctx.dm.get(DM.AuthCtrlr.MasterPassGroupId));
  }
}

/** The cache's settings from the station's clock and device model: shared methods, not closures per station. */
class StationCacheOptions implements AuthCacheOptions {
  constructor(
    private readonly ctx: StationContext,
    private readonly max: number,
  ) {}

  now(): number {
    return this.ctx.now().getTime();
  }

  lifeTimeS(): number | undefined {
    return this.ctx.dm.getInt(DM.AuthCacheCtrlr.LifeTime);
  }

  maxBytes(): number {
    return this.max;
  }

  onStorage(bytes: number): void {
    try {
      this.ctx.dm.set(DM.AuthCacheCtrlr.Storage, String(bytes));
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'cannot report the authorization cache size');
    }
  }
}

/** AuthCacheCtrlr.Storage's maxLimit: the most bytes the cache may use. */
function storageLimit(ctx: StationContext): number | undefined {
  const [report] = ctx.dm.customReport(undefined, [parsePath(DM.AuthCacheCtrlr.Storage)]);
  return report?.variableCharacteristics?.maxLimit;
}

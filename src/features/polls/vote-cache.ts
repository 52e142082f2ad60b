import type { SharedReads } from '../../platform/shared-reads.js';
import type { ShortLivedCache } from '../../platform/short-lived-cache.js';
import type { Stored } from '../../platform/cosmos/documents.js';
import type { Vote } from './schema.js';
import type { PollStore } from './store.js';

/** One load of a poll's votes, and when it started: a vote acknowledged before that moment is in it. */
type Loaded = { votes: Stored<Vote>[]; startedAt: number };

/**
 * What this instance knows of a poll's votes: the newest shared load, plus the votes saved here since that load
 * started. `votes` is one object per version, so equal versions mean equal tallies (the answer-card memo keys on it).
 */
type Known = {
  load: Loaded;
  savedHere: Map<string, { vote: Stored<Vote>; at: number }>;
  votes: Vote[];
  version: number;
  /** When `votes` was put together, and whether votes were saved here since. */
  builtAt: number;
  stale: boolean;
};

/**
 * While a room votes, a voter's answer card takes the votes saved here at most this late: between two such moments
 * most voters get the same tallies, so the same answer card, rendered once (the vote benchmark's CPU per vote).
 * Their own answer, and everything their card showed before, never waits; someone opening the card never waits.
 */
const VOTER_LAG_MS = 250;

/** How a reader reads: someone opening the card sees every vote saved here; a voter's answer may lag a moment. */
export type Freshness = 'opening' | 'voting';

/**
 * Recent votes per poll for result cards: one query per poll every couple of seconds however many vote, so the
 * vote path keeps its single Cosmos operation. On top of that shared read, the counts people see follow two rules:
 * - they always include the reader's own answer (it is laid over the list);
 * - they never go backwards. Votes saved on this instance are laid over the shared read until a newer read holds
 *   them, and an older read never replaces a newer one, so a member opening the card right after someone voted
 *   sees that vote too. Each person's card carries how many answers it showed (`seen`): fewer here means the
 *   answers were counted on another instance since, and the votes are read again at once.
 */
export class VoteCache {
  private readonly cache: ShortLivedCache<Loaded>;
  private readonly known = new Map<string, Known>();
  private nextVersion = 1;

  constructor(store: PollStore, reads: SharedReads) {
    this.cache = reads.read(
      {
        name: 'votes',
        maxAgeMs: 2000,
        why: "tallies on answer cards while a room votes: votes saved on this instance and each reader's own vote are laid over the shared list, and a reader whose card showed more answers than the list holds gets a fresh read, so nobody's counts go backwards or lack their own answer",
      },
      async (pollId) => {
        const startedAt = Date.now();
        return { votes: await store.listVotes(pollId), startedAt };
      },
    );
  }

  /** A vote this instance just stored: everyone reading here sees it from now on. */
  saved(vote: Stored<Vote>): void {
    // Before any read here, the vote waits over an empty list that the first read replaces.
    const known = this.known.get(vote.pollId) ?? this.start(vote.pollId, { votes: [], startedAt: -Infinity });
    known.savedHere.set(vote.id, { vote, at: Date.now() });
    known.stale = true;
  }

  /**
   * The vote as this instance last saw it (from the shared read, or saved here since), with its ETag: the vote
   * path writes over it in one operation, and a write made elsewhere in between shows as a conflict.
   */
  async lastSeen(pollId: string, voteId: string): Promise<Stored<Vote> | undefined> {
    const known = this.current(pollId, await this.cache.get(pollId));
    return known.savedHere.get(voteId)?.vote ?? known.load.votes.find((vote) => vote.id === voteId);
  }

  async votesWith(pollId: string, own?: Vote, seen = 0): Promise<Vote[]> {
    return (await this.snapshotWith(pollId, own, seen)).votes;
  }

  /**
   * The votes with the reader's own laid over them, plus a key that is equal exactly when two readers would see
   * the same tallies and the same own answers. `seen` is how many answers this reader's card showed before.
   */
  async snapshotWith(
    pollId: string,
    own?: Vote,
    seen = 0,
    freshness: Freshness = 'opening',
  ): Promise<{ votes: Vote[]; key: string }> {
    const count = (votes: Vote[]) => votes.length + (own && !votes.some((vote) => vote.id === own.id) ? 1 : 0);
    let known = this.current(pollId, await this.cache.get(pollId));
    if (known.stale && (freshness === 'opening' || Date.now() - known.builtAt >= VOTER_LAG_MS)) this.rebuild(known);
    if (count(known.votes) < seen && known.stale) this.rebuild(known);
    if (count(known.votes) < seen) {
      // This reader saw more answers than this instance knows of: they were counted elsewhere since. Read again.
      this.cache.forget(pollId);
      known = this.current(pollId, await this.cache.get(pollId));
      if (known.stale) this.rebuild(known);
    }
    const shared = known.votes;
    if (!own) return { votes: shared, key: `${known.version}` };
    const before = shared.find((vote) => vote.id === own.id);
    return {
      votes: [...shared.filter((vote) => vote.id !== own.id), own],
      key: `${known.version}|${JSON.stringify(before?.answers ?? null)}|${JSON.stringify(own.answers)}`,
    };
  }

  /** Forgets the shared read (a close, a result shown to a coordinator): the next reader reads the store. */
  forget(pollId: string): void {
    this.cache.forget(pollId);
  }

  /** Takes a load unless it is older than the one taken (what this instance has shown stays shown). */
  private current(pollId: string, load: Loaded): Known {
    const known = this.known.get(pollId);
    if (!known) return this.start(pollId, load);
    if (load !== known.load && load.startedAt >= known.load.startedAt) {
      known.load = load;
      // A vote acknowledged before the load started is in it; later ones stay laid over it.
      for (const [id, saved] of known.savedHere) if (saved.at < load.startedAt) known.savedHere.delete(id);
      this.rebuild(known);
    }
    return known;
  }

  private start(pollId: string, load: Loaded): Known {
    if (this.known.size >= 200) this.known.clear(); // a handful of polls are open at once
    const known: Known = {
      load,
      savedHere: new Map(),
      votes: load.votes,
      version: this.nextVersion++,
      builtAt: Date.now(),
      stale: false,
    };
    this.known.set(pollId, known);
    return known;
  }

  private rebuild(known: Known): void {
    const byId = new Map(known.load.votes.map((vote) => [vote.id, vote]));
    for (const { vote } of known.savedHere.values()) byId.set(vote.id, vote);
    known.votes = [...byId.values()];
    known.version = this.nextVersion++;
    known.builtAt = Date.now();
    known.stale = false;
  }
}

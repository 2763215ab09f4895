// A stand-in for the Raft member in swarm-layer tests: one shared log per group, a leader chosen
// by the test, commits applied to every registered member at once. No elections, no network:
// it isolates the control plane from Raft (the real member is tested in sim/raft/).
import type { Host, Message } from "../../kernel/host.ts";
import type { LogIndex, NodeIx, Term } from "../../kernel/types.ts";
import type { ProposeCallback, StateMachine } from "../../raft/api.ts";
import type { RaftFactory, RaftFactoryArgs, RaftHandle } from "../manager/raft-port.ts";

export class InstantRaftGroup {
  readonly log: unknown[] = [];
  readonly members: NodeIx[];
  leader: NodeIx;
  term = 1;
  private readonly live = new Map<NodeIx, InstantRaftMember>();

  constructor(members: readonly NodeIx[]) {
    this.members = [...members];
    this.leader = members[0] ?? -1;
  }

  factory(): RaftFactory {
    return (args) => new InstantRaftMember(this, args);
  }

  register(m: InstantRaftMember): void {
    this.live.set(m.id, m);
    for (let i = 0; i < this.log.length; i++) m.deliver(i + 1, this.log[i]);
  }

  append(command: unknown): LogIndex {
    this.log.push(command);
    const index = this.log.length;
    for (const ix of this.members) this.live.get(ix)?.deliver(index, command);
    return index;
  }

  /** Moves leadership (tests): the old leader hears false, the new one true. */
  setLeader(ix: NodeIx): void {
    const old = this.live.get(this.leader);
    this.term++;
    this.leader = ix;
    old?.notify(false);
    this.live.get(ix)?.notify(true);
  }

  member(ix: NodeIx): InstantRaftMember | undefined {
    return this.live.get(ix);
  }
}

export class InstantRaftMember implements RaftHandle {
  readonly id: NodeIx;
  private readonly host: Host;
  private readonly sm: StateMachine;
  private readonly fns: ((isLeader: boolean, term: Term) => void)[] = [];
  appliedIndex: LogIndex = 0;

  constructor(
    private readonly group: InstantRaftGroup,
    args: RaftFactoryArgs,
  ) {
    this.id = args.host.id;
    this.host = args.host;
    this.sm = args.stateMachine;
  }

  get isLeader(): boolean {
    return this.group.leader === this.id;
  }
  get leader(): NodeIx {
    return this.group.leader;
  }
  get term(): Term {
    return this.group.term;
  }
  get commitIndex(): LogIndex {
    return this.group.log.length;
  }
  get members(): readonly NodeIx[] {
    return this.group.members;
  }

  start(): void {
    if (!this.group.members.includes(this.id)) return;
    this.group.register(this);
    if (this.isLeader) this.notify(true);
  }

  deliver(index: LogIndex, command: unknown): void {
    if (index <= this.appliedIndex) return;
    this.appliedIndex = index;
    this.sm.apply(index, this.group.term, command);
  }

  notify(isLeader: boolean): void {
    for (const f of this.fns) f(isLeader, this.group.term);
  }

  propose(command: unknown, cb: ProposeCallback): void {
    if (!this.isLeader) {
      cb({ ok: false, error: "not-leader" });
      return;
    }
    const index = this.group.append(command);
    cb({ ok: true, index, value: index });
  }

  readBarrier(cb: (ok: boolean) => void): void {
    cb(this.isLeader);
  }

  addMember(id: NodeIx, cb: ProposeCallback): void {
    if (!this.group.members.includes(id)) this.group.members.push(id);
    cb({ ok: true, index: this.group.log.length, value: null });
  }

  removeMember(id: NodeIx, cb: ProposeCallback): void {
    if (!this.canRemoveMember(id)) {
      cb({ ok: false, error: "cannot-remove-member" });
      return;
    }
    const i = this.group.members.indexOf(id);
    if (i >= 0) this.group.members.splice(i, 1);
    cb({ ok: true, index: this.group.log.length, value: null });
  }

  canRemoveMember(_id: NodeIx): boolean {
    return this.group.members.length > 1;
  }

  isReachable(_id: NodeIx): boolean {
    return true;
  }

  transferLeadership(to: NodeIx): void {
    const next = to >= 0 ? to : (this.group.members.find((m) => m !== this.id) ?? this.id);
    this.group.setLeader(next);
  }

  onLeadershipChange(fn: (isLeader: boolean, term: Term) => void): void {
    this.fns.push(fn);
  }

  onMessage(_from: NodeIx, _msg: Message): void {}
  onTimer(_tag: number, _data: unknown): void {
    void this.host;
  }
}

// Leader-only components (manager.go becomeLeader/becomeFollower): started when the Raft member
// reports leadership, stopped when it loses it. They share one write pipeline and hear every
// applied store change through one listener fan-out.
import type { Host, Message } from "../../kernel/host.ts";
import type { Micros, NodeIx } from "../../kernel/types.ts";
import { Dispatcher } from "../dispatcher/dispatcher.ts";
import type { AgentRequest } from "../dispatcher/messages.ts";
import { ConstraintEnforcer } from "../orchestrator/constraint-enforcer.ts";
import { GlobalOrchestrator } from "../orchestrator/global.ts";
import { TaskReaper } from "../orchestrator/reaper.ts";
import { ReplicatedOrchestrator } from "../orchestrator/replicated.ts";
import { RestartSupervisor } from "../orchestrator/restart.ts";
import { RollingUpdater } from "../orchestrator/updater.ts";
import type { BehaviourSpec } from "../spec.ts";
import type { StoreListener, SwarmStore } from "../store/store.ts";
import { AllocationComponent } from "./allocation.ts";
import type { LeaderCtx } from "./leader-ctx.ts";
import type { LeaderPorts } from "./ports.ts";
import type { RaftHandle } from "./raft-port.ts";
import { RoleManager } from "./role-manager.ts";
import { SchedulingComponent } from "./scheduling.ts";
import type { Scope } from "./scope.ts";
import { LeaderWriter } from "./writer.ts";

export interface LeaderDeps {
  host: Host;
  store: SwarmStore;
  raft: RaftHandle;
  ports: LeaderPorts;
  bugs: ReadonlySet<string>;
  behaviours: Readonly<Record<string, BehaviourSpec>>;
  send<M extends Message>(to: NodeIx, msg: M): void;
  term: number;
  /** The process scope (leader timers share its tag). */
  scope: Scope;
}

export class LeaderComponents {
  readonly ctx: LeaderCtx;
  readonly writer: LeaderWriter;
  readonly dispatcher: Dispatcher;
  readonly allocation: AllocationComponent;
  readonly scheduling: SchedulingComponent;
  readonly restarts: RestartSupervisor;
  readonly replicated: ReplicatedOrchestrator;
  readonly global: GlobalOrchestrator;
  readonly updater: RollingUpdater;
  readonly reaper: TaskReaper;
  readonly enforcer: ConstraintEnforcer;
  readonly roles: RoleManager;
  private readonly scope: Scope;
  private unlisten: (() => void) | null = null;

  constructor(deps: LeaderDeps) {
    const { host, store, raft } = deps;
    this.scope = deps.scope.child();
    const now = (): Micros => host.now();
    this.writer = new LeaderWriter(store, raft, this.scope, now, () => this.resync());
    this.ctx = {
      host,
      store,
      raft,
      writer: this.writer,
      scope: this.scope,
      bugs: deps.bugs,
      send: deps.send,
      now,
      behaviours: deps.behaviours,
    };
    const ctx = this.ctx;
    this.dispatcher = new Dispatcher(ctx, deps.term);
    this.restarts = new RestartSupervisor(ctx);
    this.updater = new RollingUpdater(ctx);
    this.updater.setRestarts(this.restarts);
    this.replicated = new ReplicatedOrchestrator(ctx, this.restarts, this.updater);
    this.global = new GlobalOrchestrator(ctx, this.restarts, this.updater);
    this.allocation = new AllocationComponent(ctx, deps.ports.newAllocator());
    this.scheduling = new SchedulingComponent(ctx, deps.ports.newScheduler());
    this.reaper = new TaskReaper(ctx);
    this.enforcer = new ConstraintEnforcer(ctx);
    this.roles = new RoleManager(ctx);
    // Flush order: orchestration first, then allocation and placement of what it created.
    for (const r of [this.replicated, this.global, this.updater, this.enforcer, this.allocation, this.scheduling, this.reaper, this.roles]) {
      this.writer.addReconciler(r);
    }
  }

  start(): void {
    const listeners: StoreListener[] = [this.dispatcher, this.restarts, this.replicated, this.global, this.updater, this.allocation, this.scheduling, this.reaper, this.enforcer, this.roles];
    // Per change kind, the components that handle it, in the order above (perf: every applied
    // task write goes through this fan-out; no optional call per component that ignores it).
    const onNode = listeners.filter((l) => l.nodeChanged !== undefined);
    const onService = listeners.filter((l) => l.serviceChanged !== undefined);
    const onTask = listeners.filter((l) => l.taskChanged !== undefined);
    const onEntry = listeners.filter((l) => l.entryApplied !== undefined);
    this.unlisten = this.ctx.store.listen({
      nodeChanged: (p, n) => {
        for (let i = 0; i < onNode.length; i++) onNode[i].nodeChanged!(p, n);
      },
      serviceChanged: (p, n) => {
        for (let i = 0; i < onService.length; i++) onService[i].serviceChanged!(p, n);
      },
      taskChanged: (p, n) => {
        for (let i = 0; i < onTask.length; i++) onTask[i].taskChanged!(p, n);
      },
      entryApplied: (ix) => {
        for (let i = 0; i < onEntry.length; i++) onEntry[i].entryApplied!(ix);
      },
      restored: () => {
        this.dispatcher.restored();
        this.resync();
      },
    });
    this.dispatcher.start();
    this.restarts.start();
    this.replicated.start();
    this.global.start();
    this.updater.start();
    this.allocation.start();
    this.scheduling.start();
    this.reaper.start();
    this.enforcer.start();
    this.roles.start();
  }

  stop(): void {
    this.scope.close();
    this.dispatcher.stop();
    this.unlisten?.();
    this.unlisten = null;
  }

  get alive(): boolean {
    return this.scope.alive;
  }

  handleAgent(req: AgentRequest): void {
    this.dispatcher.handle(req);
  }

  /** A failed proposal while still leading: re-derive everything from the committed store. */
  private resync(): void {
    if (!this.scope.alive) return;
    this.replicated.start();
    this.global.start();
    this.allocation.start();
    this.reaper.start();
    this.scheduling.start();
  }
}

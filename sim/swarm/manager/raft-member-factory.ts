// The real Raft member (sim/raft/member.ts) as the Swarm manager's replication layer.
import { RaftMember } from "../../raft/member.ts";
import type { RaftFactory, RaftHandle } from "./raft-port.ts";

export const raftMemberFactory: RaftFactory = (args): RaftHandle =>
  new RaftMember(args.host, args.config, { initialMembers: args.members, stateMachine: args.stateMachine, timerTag: args.tagBase });

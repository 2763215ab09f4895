// Public face of the allocator: VIPs, ingress published ports, task addresses.
export {
  Allocator,
  DYNAMIC_PORT_MAX,
  DYNAMIC_PORT_MIN,
  type Endpoint,
  INGRESS_NETWORK,
  INGRESS_SUBNET,
  type NetworkInfo,
  validateEndpoint,
} from "./allocator.ts";

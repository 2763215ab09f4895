// A node's durable storage: named durable objects that survive a crash. The world calls
// crash() when the node crashes (each object may drop its unsynced tail) and wipe() when the
// node is removed or a demoted manager erases its raft data.
import type { Disk, Durable } from "../kernel/host.ts";

export class SimDisk implements Disk {
  private readonly objects = new Map<string, Durable>();

  open<D extends Durable>(name: string, init: () => D): D {
    let d = this.objects.get(name);
    if (!d) {
      d = init();
      this.objects.set(name, d);
    }
    return d as D;
  }

  wipe(): void {
    this.objects.clear();
  }

  crash(loseUnsynced: boolean): void {
    for (const d of this.objects.values()) d.onCrash(loseUnsynced);
  }
}

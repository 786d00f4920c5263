/** Version and host information (`tspod version`, `tspod info`). */
import type { InfoReport } from "../define/system-types.ts";

export interface SystemEngine {
  info(): Promise<InfoReport>;
}

import { expect, test } from "bun:test";
import { capabilitiesFromMask } from "./host-capabilities.ts";

test("CapBnd masks map to capability names by bit", () => {
  expect(capabilitiesFromMask("0000000000000001")).toEqual(["CAP_CHOWN"]);
  const hostWithoutSysResource = capabilitiesFromMask("000001fffeffffff");
  expect(hostWithoutSysResource).toHaveLength(40);
  expect(hostWithoutSysResource).not.toContain("CAP_SYS_RESOURCE");
  expect(hostWithoutSysResource).toContain("CAP_CHECKPOINT_RESTORE");
});

import { expect, test } from "bun:test";
import { imageDisplayName } from "./image-display-name.ts";
import type { ImageRecord } from "../image/image-types.ts";

const image = { id: "ab".repeat(32), names: ["127.0.0.1:5000/busybox:latest", "localhost/mine:latest"] } as ImageRecord;

test("the name the user's reference matches wins over the first name", () => {
  expect(imageDisplayName("localhost/mine", image)).toBe("localhost/mine:latest");
  expect(imageDisplayName("mine", image)).toBe("localhost/mine:latest");
  expect(imageDisplayName("127.0.0.1:5000/busybox", image)).toBe("127.0.0.1:5000/busybox:latest");
  expect(imageDisplayName("ab".repeat(6), image)).toBe("127.0.0.1:5000/busybox:latest");
});

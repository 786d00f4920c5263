import { describe, expect, test } from "bun:test";
import { tabAlign } from "./tab-writer.ts";

// The expected texts are verbatim output of Podman 4.3.1 on this machine.
describe("tabAlign (Podman's tabwriter: minwidth 12, padding 2, spaces)", () => {
  test("podman ps default table", () => {
    const input = [
      "CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES",
      "4bfba3c90357\tlocalhost/testimg:v1\t/hello\t7 minutes ago\tCreated\t\tc1",
      "b2251111a248\tlocalhost/testimg:v1\t/hello\t7 minutes ago\tCreated\t\tc-with-long-name",
      "",
    ].join("\n");
    expect(tabAlign(input)).toBe(
      [
        "CONTAINER ID  IMAGE                 COMMAND     CREATED        STATUS      PORTS       NAMES",
        "4bfba3c90357  localhost/testimg:v1  /hello      7 minutes ago  Created                 c1",
        "b2251111a248  localhost/testimg:v1  /hello      7 minutes ago  Created                 c-with-long-name",
        "",
      ].join("\n"),
    );
  });
  test("podman images header with no rows: every column at minwidth", () => {
    expect(tabAlign("REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\n")).toBe("REPOSITORY  TAG         IMAGE ID    CREATED     SIZE\n");
  });
  test("podman version (two columns, widest cell + padding)", () => {
    const input = "Client:\tPodman Engine\nVersion:\t4.3.1\nAPI Version:\t4.3.1\nGo Version:\tgo1.19.8\nBuilt:\tThu Jan  1 00:00:00 1970\nOS/Arch:\tlinux/amd64\n";
    expect(tabAlign(input)).toBe(
      "Client:       Podman Engine\nVersion:      4.3.1\nAPI Version:  4.3.1\nGo Version:   go1.19.8\nBuilt:        Thu Jan  1 00:00:00 1970\nOS/Arch:      linux/amd64\n",
    );
  });
  test("a trailing tab pads the last real cell (podman images --format 'table {{.Repository}}\\t{{.Tag}}\\t')", () => {
    const input = "REPOSITORY\tTAG\t\nlocalhost/testimg\tv1\t\nlocalhost/averyveryverylongname/repo\ttag2\t\n";
    expect(tabAlign(input)).toBe(
      "REPOSITORY                            TAG         \nlocalhost/testimg                     v1          \nlocalhost/averyveryverylongname/repo  tag2        \n",
    );
  });
  test("empty cells still take the column width", () => {
    expect(tabAlign("a\t\tb\n")).toBe("a" + " ".repeat(11) + " ".repeat(12) + "b\n");
  });
  test("a line without tabs ends the column block", () => {
    const out = tabAlign("a\tb\nseparator line\nlong-long-long-cell\tc\n");
    expect(out).toBe("a           b\nseparator line\nlong-long-long-cell  c\n");
  });
  test("blocks per column: a shorter line splits later columns only", () => {
    const out = tabAlign("x\ty\tz\nx\tlast\nx\tyyyyyyyyyyyyyyy\tz\n");
    expect(out).toBe(["x           y           z", "x           last", "x           yyyyyyyyyyyyyyy  z", ""].join("\n"));
  });
  test("width counts characters (runes), not bytes", () => {
    expect(tabAlign("ééééé\tx\na\tx")).toBe("ééééé       x\na           x");
  });
  test("custom options", () => {
    expect(tabAlign("a\tb\nccc\td", { minWidth: 0, padding: 1, padChar: "." })).toBe("a...b\nccc.d");
  });
});

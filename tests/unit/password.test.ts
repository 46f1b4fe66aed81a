import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../app/lib/password.server";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
  });

  it("uses scrypt with N=2^17, r=8, p=1 and a fresh 16-byte salt each time", async () => {
    const [a, b] = await Promise.all([hashPassword("same password here"), hashPassword("same password here")]);
    const [scheme, logN, r, p, salt] = a.split("$");
    expect([scheme, logN, r, p]).toEqual(["scrypt", "17", "8", "1"]);
    expect(Buffer.from(salt, "base64url")).toHaveLength(16);
    expect(a).not.toEqual(b);
  });

  it("refuses when there is no stored hash or it is malformed", async () => {
    expect(await verifyPassword("anything at all", null)).toBe(false);
    expect(await verifyPassword("anything at all", "plain-text")).toBe(false);
  });

  it("treats the same password in different Unicode forms as the same", async () => {
    const hash = await hashPassword("caf\u00e9 au lait 123");
    expect(await verifyPassword("cafe\u0301 au lait 123", hash)).toBe(true);
  });
});

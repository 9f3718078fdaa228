import { ChildProcess, spawn, spawnSync } from "child_process";
import fs from "fs";
import http from "http";
import net from "net";
import os from "os";
import path from "path";
import { ROOT } from "./support/build";

/**
 * `npm start` on Linux and `npm run stop`, run as scripts/start.js and scripts/stop.js on a one-line
 * webpack configuration that carries the project's devServer options (test/fixtures/devServer), over http
 * so no certificate is made. What Excel on the web would do with the add-in is not tested here.
 */

const linux = process.platform !== "win32" && process.platform !== "darwin";
jest.setTimeout(60_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { timeout: 5_000 }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, type: String(response.headers["content-type"]), body }));
      })
      .on("error", reject);
  });
}

/** The error code of a connection to host:port ("ECONNREFUSED"), or "connected". */
function connect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    socket.once("timeout", () => {
      socket.destroy();
      resolve("timeout");
    });
  });
}

function waitFor(condition: () => boolean, what: string, within = 45_000): Promise<void> {
  const deadline = Date.now() + within;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(check, 50);
    };
    check();
  });
}

/** Windows and macOS sideload into Excel desktop instead (office-addin-debugging), which needs Excel. */
const describeOnLinux = linux
  ? describe
  : (name: string) => it(`${name}: Linux only (here npm start runs office-addin-debugging)`, () => expect(linux).toBe(false));

describeOnLinux("npm start on Linux, and npm run stop", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "deal-start-test-"));
  const out = path.join(scratch, "out");
  const pidFile = path.join(scratch, "dev-server.pid");
  const state: { port: number; child?: ChildProcess; output: string; exit?: Promise<number | null> } = { port: 0, output: "" };
  const env = (): NodeJS.ProcessEnv => {
    const { DEAL_HOST: _host, ...rest } = process.env;
    return {
      ...rest,
      DEAL_WEBPACK_CONFIG: "test/fixtures/devServer/webpack.config.js",
      DEAL_FIXTURE_OUT: out,
      DEAL_PID_FILE: pidFile,
      DEAL_PORT: String(state.port),
      DEAL_MODELLER_HTTP: "1",
    };
  };
  const stop = () => spawnSync(process.execPath, ["scripts/stop.js"], { cwd: ROOT, env: env(), encoding: "utf8" });

  beforeAll(async () => {
    state.port = await freePort();
    const child = spawn(process.execPath, ["scripts/start.js"], { cwd: ROOT, env: env(), stdio: ["ignore", "pipe", "pipe"] });
    state.child = child;
    state.exit = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    child.stdout!.on("data", (chunk) => (state.output += chunk));
    child.stderr!.on("data", (chunk) => (state.output += chunk));
    await waitFor(() => /add-in: /.test(state.output) || child.exitCode !== null, "the addresses");
  });

  afterAll(async () => {
    if (state.child && state.child.exitCode === null) state.child.kill("SIGKILL");
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("prints the addresses once the server answers, after its one compile", async () => {
    expect(state.child!.exitCode).toBeNull();
    const compiled = state.output.indexOf("compiled successfully");
    expect(compiled).toBeGreaterThan(-1);
    expect(state.output.indexOf("compiled successfully", compiled + 1)).toBe(-1); // compiled once
    expect(state.output.indexOf(`add-in:   http://localhost:${state.port}/taskpane.html`)).toBeGreaterThan(compiled);
    expect(state.output).toContain(`preview:  http://localhost:${state.port}/preview.html`);
    expect((await get(`http://127.0.0.1:${state.port}/taskpane.html`)).status).toBe(200);
  });

  it("listens on 127.0.0.1 only", async () => {
    expect(await connect("127.0.0.1", state.port)).toBe("connected");
    // Another loopback address of this machine, which a server listening on every interface would answer.
    expect(await connect("127.0.0.2", state.port)).toBe("ECONNREFUSED");
    expect(await connect("::1", state.port)).not.toBe("connected");
  });

  it("serves no directory listing at /", async () => {
    const index = await get(`http://127.0.0.1:${state.port}/`);
    expect(index.status).toBe(200);
    expect(index.type).toMatch(/^text\/plain/);
    expect(index.body).toMatch(/taskpane\.html/);
    expect(index.body).not.toMatch(/<a\s|Index of|entry\.js/i);
  });

  it("builds in memory: nothing is written where the build would go", () => {
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
  });

  it("records its pid, and a second npm start refuses while it runs", () => {
    expect(JSON.parse(fs.readFileSync(pidFile, "utf8")).pid).toBe(state.child!.pid);
    const second = spawnSync(process.execPath, ["scripts/start.js"], { cwd: ROOT, env: env(), encoding: "utf8" });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`already running \\(pid ${state.child!.pid}`));
  });

  it("npm run stop stops it, and only it", async () => {
    const stopped = stop();
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toMatch(new RegExp(`Stopped .*pid ${state.child!.pid}`));
    expect(await state.exit).toBe(0);
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(await connect("127.0.0.1", state.port)).toBe("ECONNREFUSED");
    expect(stop().stdout).toMatch(/not running/);
  });

  it("npm run stop never signals a process that is not the server, even one a stale pid file names", () => {
    // This test's own process is alive and is not scripts/start.js.
    fs.writeFileSync(pidFile, JSON.stringify({ pid: process.pid, url: "http://127.0.0.1:1" }));
    const result = stop();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/not running/);
    expect(fs.existsSync(pidFile)).toBe(false);
  });
});

// The pid file through which `npm run stop` finds the server `npm start` started on Linux.
const fs = require("fs");
const path = require("path");

/** .dev-server.pid in the project folder, or the file DEAL_PID_FILE names. */
function pidFile(root) {
  return path.resolve(root, process.env.DEAL_PID_FILE || ".dev-server.pid");
}

/** The recorded server ({ pid, url, started }), or null when there is no readable record. */
function readPidFile(file) {
  try {
    const record = JSON.parse(fs.readFileSync(file, "utf8"));
    return Number.isInteger(record.pid) && record.pid > 0 ? record : null;
  } catch {
    return null;
  }
}

/**
 * Whether that pid is still the server: alive, and (where /proc tells) running scripts/start.js, so a pid
 * reused by another program after a crash is never signalled.
 */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === "EPERM";
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("start.js");
  } catch {
    return true;
  }
}

module.exports = { pidFile, readPidFile, isRunning };

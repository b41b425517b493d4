// Checks, in the visitor's browser, that a decision's log entry is in the
// public log: it fetches the entry, the latest signed checkpoint and the
// inclusion proof, recomputes the Merkle root (RFC 9162, 2.1.3.2) and
// compares it with the checkpoint's; then it checks the checkpoint's
// Ed25519 signature (C2SP signed note) against the log's published keys
// where the browser offers Ed25519. Nothing here trusts the page's own
// claims: every figure is recomputed from the raw bytes.
(function () {
  "use strict";
  var box = document.getElementById("verify");
  if (!box || !window.crypto || !crypto.subtle || !window.fetch) { return; }
  var out = document.getElementById("verify-result");
  var facts = document.getElementById("verify-facts");
  var index = Number(box.dataset.index);
  var enc = new TextEncoder();

  function b64(s) {
    var bin = atob(s.trim()), a = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { a[i] = bin.charCodeAt(i); }
    return a;
  }
  function hex(a) {
    return Array.prototype.map.call(a, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  function concat() {
    var n = 0, i;
    for (i = 0; i < arguments.length; i++) { n += arguments[i].length; }
    var out = new Uint8Array(n), off = 0;
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], off); off += arguments[i].length; }
    return out;
  }
  function sha256(a) { return crypto.subtle.digest("SHA-256", a).then(function (b) { return new Uint8Array(b); }); }
  function equal(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }
  function get(url, as) {
    return fetch(url, { cache: "no-store", credentials: "omit" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return as === "bytes" ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : as === "json" ? r.json() : r.text();
    });
  }
  function fact(label, value) {
    var dt = document.createElement("dt"), dd = document.createElement("dd"), div = document.createElement("div");
    dt.textContent = label; dd.textContent = value; dd.className = "mono";
    div.appendChild(dt); div.appendChild(dd); facts.appendChild(div);
  }

  // rootFromProof is RFC 9162's verification of an inclusion proof.
  async function rootFromProof(leafHash, idx, size, path) {
    if (idx >= size) { return null; }
    var fn = idx, sn = size - 1, r = leafHash;
    for (var i = 0; i < path.length; i++) {
      var p = path[i];
      if (sn === 0) { return null; }
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat(new Uint8Array([1]), p, r));
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        r = await sha256(concat(new Uint8Array([1]), r, p));
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
  }

  // signatureValid checks one of the note's signatures with one of the
  // log's keys; null when the browser has no Ed25519.
  async function signatureValid(text, sigLines, keys) {
    for (var k = 0; k < keys.length; k++) {
      // name+hash+key, where the key's base64 may itself hold "+".
      var m1 = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(keys[k]);
      if (!m1) { continue; }
      var name = m1[1], hash = m1[2], key = b64(m1[3]);
      if (key[0] !== 1 || key.length !== 33) { continue; }
      for (var s = 0; s < sigLines.length; s++) {
        var m = /^\u2014 (\S+) (\S+)$/.exec(sigLines[s]);
        if (!m || m[1] !== name) { continue; }
        var sig = b64(m[2]);
        if (sig.length !== 68 || hex(sig.slice(0, 4)) !== hash) { continue; }
        var pub;
        try {
          pub = await crypto.subtle.importKey("raw", key.slice(1), { name: "Ed25519" }, false, ["verify"]);
        } catch (e) {
          return null;
        }
        if (await crypto.subtle.verify({ name: "Ed25519" }, pub, sig.slice(4), enc.encode(text))) {
          return name + "+" + hash;
        }
      }
    }
    return "";
  }

  async function run() {
    out.textContent = box.dataset.wait;
    var note = await get("/api/v1/log/checkpoint", "text");
    var split = note.indexOf("\n\n");
    var text = note.slice(0, split + 1);
    var lines = text.split("\n");
    var size = Number(lines[1]), root = b64(lines[2]);
    var sigLines = note.slice(split + 2).split("\n").filter(function (l) { return l !== ""; });
    var leaf = await get("/api/v1/log/entries/" + index, "bytes");
    document.getElementById("verify-leaf").textContent = new TextDecoder().decode(leaf);
    var proof = await get("/api/v1/log/proof/inclusion?index=" + index + "&size=" + size, "json");
    var path = (proof.hashes || []).map(b64);
    var leafHash = await sha256(concat(new Uint8Array([0]), leaf));
    var got = await rootFromProof(leafHash, index, size, path);
    var caseLine = "\ncase " + box.dataset.case + "\n";
    var inTree = got !== null && equal(got, root) && new TextDecoder().decode(leaf).indexOf(caseLine) >= 0;
    var keys = (await get("/api/v1/log/keys", "text")).split("\n").filter(function (l) { return l !== ""; });
    var signer = inTree ? await signatureValid(text, sigLines, keys) : "";
    box.dataset.tree = String(inTree);
    box.dataset.signature = signer === null ? "unsupported" : signer === "" ? "invalid" : "valid";
    facts.hidden = false;
    fact(box.dataset.lblSize, String(size));
    fact(box.dataset.lblRoot, hex(root));
    if (signer) { fact(box.dataset.lblKey, signer); }
    if (!inTree || signer === "") {
      out.textContent = box.dataset.bad;
      box.className = "verify-bad";
    } else if (signer === null) {
      out.textContent = box.dataset.unsigned;
      box.className = "verify-partial";
    } else {
      out.textContent = box.dataset.ok;
      box.className = "verify-ok";
    }
    box.dataset.result = box.className;
  }
  run().catch(function (e) {
    out.textContent = box.dataset.bad + " (" + e.message + ")";
    box.className = "verify-bad";
    box.dataset.result = box.className;
  });
})();

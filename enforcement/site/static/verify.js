// The verify page: SHA-256 of a dropped PDF, computed here (Web Crypto), looked up in digests.json.
(function () {
  "use strict";
  var form = document.getElementById("verify");
  var input = document.getElementById("file");
  var drop = document.getElementById("drop");
  var result = document.getElementById("result");
  if (!form || !input || !result) { return; }
  form.hidden = false;
  var root = form.getAttribute("data-root") || "";
  var listing = null;

  function cnDate(iso) {
    if (!iso) { return "—"; }
    var p = iso.split("-");
    return Number(p[0]) + "年" + Number(p[1]) + "月" + Number(p[2]) + "日";
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }
  // Text only: every value is set with textContent, never parsed as HTML.
  function show(kind, lines, link) {
    result.textContent = "";
    var box = document.createElement("div");
    box.className = kind;
    box.setAttribute("data-result", kind);
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
    if (link) {
      var a = document.createElement("a");
      a.href = root + link;
      a.textContent = "查看公示页面";
      box.appendChild(a);
    }
    result.appendChild(box);
  }
  function load() {
    if (listing) { return Promise.resolve(listing); }
    return fetch(form.getAttribute("data-digests"), { cache: "no-cache" })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (data) {
        listing = {};
        (data.notices || []).forEach(function (n) { listing[n.sha256] = n; });
        return listing;
      });
  }
  function check(file) {
    if (!file) { return; }
    if (!window.crypto || !window.crypto.subtle) {
      show("bad", ["此浏览器在当前连接下无法计算摘要（需要 HTTPS）。可自行计算 SHA-256 并在摘要清单中查找。"]);
      return;
    }
    show("warn", ["正在核验 " + file.name + " ……"]);
    Promise.all([file.arrayBuffer().then(function (b) { return crypto.subtle.digest("SHA-256", b); }), load()])
      .then(function (both) {
        var digest = hex(both[0]);
        var n = both[1][digest];
        var tail = "文件 SHA-256：" + digest;
        if (!n) {
          show("bad", ["未通过核验：此文件不是本栏目公布的公示文件，或者已被改动。", tail]);
          return;
        }
        var what = (n.kind === "withdrawal" ? "撤下说明 " : "行政执法决定公示 ") + n.number;
        var first = "此文件是 " + n.agency + " 于 " + cnDate(n.published_on) + " 公布的" + what + "，内容未被改动。";
        if (n.status === "withdrawn") {
          show("warn", [first, "注意：该公示已于 " + cnDate(n.withdrawn_on) + " 撤下（原决定已被变更或撤销）。", tail]);
        } else if (n.status === "expired") {
          show("warn", [first, "注意：该公示的公示期已于 " + cnDate(n.until) + " 届满，已不再公示。", tail]);
        } else {
          show("ok", [first, tail], n.page);
        }
      })
      .catch(function (e) { show("bad", ["无法完成核验：" + e.message]); });
  }
  input.addEventListener("change", function () { check(input.files[0]); });
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) { check(e.dataTransfer.files[0]); }
  });
})();

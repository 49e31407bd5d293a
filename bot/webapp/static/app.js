// Regiescan dashboard: a Telegram Mini App. Every API call sends Telegram's signed initData
// (Authorization: tma ...); the server validates it and decides what this user may see.
(function () {
  "use strict";

  var tg = (window.Telegram && window.Telegram.WebApp) || null;
  var initData = tg && tg.initData ? tg.initData : "";
  var texts = {};
  var app = document.getElementById("app");
  var THEME_KEYS = [
    "bg_color", "text_color", "hint_color", "link_color", "button_color", "button_text_color",
    "secondary_bg_color", "header_bg_color", "accent_text_color", "section_bg_color",
    "section_header_text_color", "subtitle_text_color", "destructive_text_color"
  ];

  function applyTheme() {
    var params = (tg && tg.themeParams) || {};
    var root = document.documentElement;
    THEME_KEYS.forEach(function (key) {
      var name = "--tg-theme-" + key.replace(/_/g, "-");
      if (params[key]) { root.style.setProperty(name, params[key]); }
    });
    var dark = tg && tg.colorScheme === "dark";
    root.classList.toggle("dark", !!dark);
    root.classList.toggle("light", !dark);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; }
      else if (key === "class") { node.className = attrs[key]; }
      else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  // Server-drawn SVG: parsed as XML (never as HTML), then adopted into the page.
  function svg(markup) {
    var doc = new DOMParser().parseFromString(markup, "image/svg+xml");
    var root = doc.documentElement;
    if (root.nodeName !== "svg") { return null; }
    return document.importNode(root, true);
  }

  function Refusal(status, message) { this.status = status; this.message = message; }

  function api(path, method) {
    return fetch(path, {
      method: method || "GET",
      headers: { "Authorization": "tma " + initData },
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status === 401 || response.status === 403) {
          throw new Refusal(response.status, body.message || "");
        }
        if (!response.ok) { throw new Error(body.message || String(response.status)); }
        return body;
      });
    });
  }

  function show(nodes) {
    app.textContent = "";
    nodes.forEach(function (node) { if (node) { app.appendChild(node); } });
  }

  function refuse(error) {
    var message = error instanceof Refusal ? error.message : (texts.error || String(error));
    show([el("p", { "class": "refusal", id: "refusal", role: "alert", text: message })]);
  }

  var toastTimer = null;
  function toast(message) {
    var box = document.getElementById("toast");
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, 4000);
  }

  // --- staff: one region ------------------------------------------------------------------
  function progressSection(region, data) {
    var state = { key: "status", dir: -1 };
    var tbody = el("tbody");
    function compare(a, b) {
      if (state.key === "name") { return a.name.localeCompare(b.name) * state.dir; }
      for (var i = 0; i < 3; i++) {
        if (a.sort[i] < b.sort[i]) { return -state.dir; }
        if (a.sort[i] > b.sort[i]) { return state.dir; }
      }
      return a.name.localeCompare(b.name);
    }
    function nudgeButton(row) {
      if (!row.nudge && !row.nudged_today) { return null; }
      var button = el("button", { "class": "nudge", type: "button", "data-code": row.code });
      function done() { button.disabled = true; button.textContent = texts.nudged; }
      button.textContent = texts.nudge;
      if (row.nudged_today) { done(); return button; }
      button.addEventListener("click", function () {
        button.disabled = true;
        api("api/regions/" + region + "/nudge/" + encodeURIComponent(row.code), "POST")
          .then(function (answer) {
            toast(answer.message);
            if (answer.status === "sent" || answer.status === "already") {
              row.nudged_today = true;
              done();
            } else { button.disabled = false; }
          })
          .catch(function (error) { button.disabled = false; toast(error.message || texts.error); });
      });
      return button;
    }
    function render() {
      tbody.textContent = "";
      data.progress.slice().sort(compare).forEach(function (row) {
        tbody.appendChild(el("tr", { "data-code": row.code }, [
          el("td", { text: row.name }),
          el("td", { "class": "status-" + row.status, text: row.label }),
          el("td", {}, [nudgeButton(row)])
        ]));
      });
      headers.forEach(function (h) {
        h.button.setAttribute("aria-sort", h.key === state.key ? (state.dir > 0 ? "ascending" : "descending") : "none");
      });
    }
    var headers = [["name", texts.municipality], ["status", texts.status]].map(function (pair) {
      var button = el("button", { "class": "sort", type: "button", id: "sort-" + pair[0], text: pair[1] });
      button.addEventListener("click", function () {
        state.dir = state.key === pair[0] ? -state.dir : (pair[0] === "name" ? 1 : -1);
        state.key = pair[0];
        render();
      });
      return { key: pair[0], button: button };
    });
    var table = el("table", { id: "progress" }, [
      el("thead", {}, [el("tr", {}, [el("th", {}, [headers[0].button]), el("th", {}, [headers[1].button]), el("th", { text: texts.action })])]),
      tbody
    ]);
    render();
    return el("section", {}, [
      el("h2", { text: texts.progress }),
      el("div", { "class": "scroll" }, [table]),
      el("p", { "class": "note", text: data.summary })
    ]);
  }

  function bucket(score) {
    if (score === null || score === undefined) { return "h0"; }
    return "h" + Math.min(5, Math.max(1, Math.round(score)));
  }

  function legend(knelpunten) {
    return el("ol", { "class": "legend" }, knelpunten.map(function (k) { return el("li", { text: k.title }); }));
  }

  function heatSection(data) {
    if (!data.heatmap) { return null; }
    var place = el("section", { id: "place", hidden: "hidden" });
    var head = el("tr", {}, [el("th", { text: texts.municipality })].concat(
      data.knelpunten.map(function (k) { return el("th", { title: k.title, text: String(k.n) }); })));
    var rows = data.heatmap.map(function (row) {
      var label = el("td", { text: row.label });
      if (row.code) {
        label.textContent = "";
        var open = el("button", { "class": "place", type: "button", "data-code": row.code, text: row.label });
        open.addEventListener("click", function () { showPlace(data.region.code, row.code, data.knelpunten, place); });
        label.appendChild(open);
      }
      return el("tr", { "class": row.kind }, [label].concat(
        row.scores.map(function (score, i) {
          return el("td", { "class": bucket(score), title: data.knelpunten[i].title, text: row.shown[i] || "–" });
        })));
    });
    return el("section", {}, [
      el("h2", { text: texts.heatmap }),
      el("div", { "class": "scroll" }, [el("table", { "class": "heat", id: "heatmap" }, [el("thead", {}, [head]), el("tbody", {}, rows)])]),
      el("p", { "class": "note", text: texts.heatmap_note + " " + texts.tap_place }),
      legend(data.knelpunten),
      place
    ]);
  }

  function spreadSection(data) {
    if (!data.spread) { return null; }
    var rows = data.knelpunten.map(function (k, i) {
      var row = data.spread.rows[i];
      var figures = row
        ? texts.median + " " + row.median + " · " + texts.middle_half + " " + row.middle_half + " · " + texts.range + " " + row.range
        : texts.too_few;
      return el("div", { "class": "row" }, [
        el("div", { "class": "label", text: k.n + ". " + k.title }),
        row ? svg(row.svg) : null,
        el("div", { "class": "figures", text: figures })
      ]);
    });
    return el("section", { id: "spread" }, [
      el("h2", { text: texts.spread }),
      svg(data.spread.axis),
      el("div", { "class": "rows" }, rows),
      el("p", { "class": "note", text: texts.spread_note })
    ]);
  }

  function trendTable(trend, knelpunten) {
    var head = el("tr", {}, [el("th", { text: texts.knelpunt }), el("th", {})].concat(
      trend.rounds.map(function (r) { return el("th", { text: r.half_year }); })));
    var rows = trend.rows.map(function (row, i) {
      return el("tr", {}, [el("td", { text: knelpunten[i].n + ". " + knelpunten[i].title }), el("td", {}, [svg(row.svg)])].concat(
        row.values.map(function (v) { return el("td", { text: v || "–" }); })));
    });
    return el("div", { "class": "scroll" }, [el("table", {}, [el("thead", {}, [head]), el("tbody", {}, rows)])]);
  }

  function trendSection(region, knelpunten) {
    var section = el("section", { id: "trend" }, [el("h2", { text: texts.trend }), el("p", { "class": "notice", text: texts.loading })]);
    api("api/regions/" + region + "/trend").then(function (trend) {
      section.textContent = "";
      section.appendChild(el("h2", { text: texts.trend }));
      if (!trend.rounds.length) {
        section.appendChild(el("p", { "class": "notice", text: texts.no_trend }));
        return;
      }
      section.appendChild(trendTable(trend, knelpunten));
      section.appendChild(el("p", { "class": "note", text: texts.trend_note }));
    }).catch(function (error) {
      section.appendChild(el("p", { "class": "refusal", text: error.message || texts.error }));
    });
    return section;
  }

  // A municipality named in the heat map (it opted in): its own scores per half year.
  function showPlace(region, code, knelpunten, section) {
    section.hidden = false;
    section.textContent = "";
    section.appendChild(el("p", { "class": "notice", text: texts.loading }));
    api("api/regions/" + region + "/municipalities/" + encodeURIComponent(code)).then(function (place) {
      section.textContent = "";
      section.appendChild(el("h2", { text: place.name + " · " + texts.place_trend }));
      section.appendChild(trendTable(place, knelpunten));
      section.scrollIntoView({ block: "nearest" });
    }).catch(function (error) {
      section.textContent = "";
      section.appendChild(el("p", { "class": "refusal", text: error.message || texts.error }));
    });
  }

  function measuresSection(data) {
    if (!data.measures) { return null; }  // the verbeterplannen feature provides these
    var titles = {};
    data.knelpunten.forEach(function (k) { titles[k.id] = k.n + ". " + k.title; });
    var head = el("tr", {}, [el("th", { text: texts.knelpunt }), el("th", { text: texts.measures_open }), el("th", { text: texts.measures_completed })]);
    var rows = data.measures.map(function (m) {
      return el("tr", {}, [el("td", { text: titles[m.id] || m.id }),
        el("td", { text: String(m.open) }), el("td", { text: String(m.completed) })]);
    });
    return el("section", { id: "measures" }, [el("h2", { text: texts.measures }),
      el("div", { "class": "scroll" }, [el("table", {}, [el("thead", {}, [head]), el("tbody", {}, rows)])])]);
  }

  function showRegion(region) {
    show([el("p", { "class": "notice", text: texts.loading })]);
    return api("api/regions/" + encodeURIComponent(region)).then(function (data) {
      document.getElementById("title").textContent = data.region.name || data.region.code;
      show([
        progressSection(data.region.code, data),
        data.threshold_note ? el("section", {}, [el("p", { "class": "notice", id: "threshold", text: data.threshold_note })]) : null,
        heatSection(data),
        spreadSection(data),
        trendSection(data.region.code, data.knelpunten),
        measuresSection(data)
      ]);
    });
  }

  // --- a coordinator: own results ---------------------------------------------------------
  function showOwn() {
    show([el("p", { "class": "notice", text: texts.loading })]);
    return api("api/own").then(function (body) {
      var data = body.results;
      document.getElementById("title").textContent = texts.own;
      if (!data) { show([el("section", {}, [el("p", { id: "no-results", text: texts.no_results })])]); return; }
      var key = el("div", { "class": "key" }, [
        el("span", { "class": "k-own", text: texts.own_score }),
        data.previous ? el("span", { "class": "k-previous", text: texts.previous }) : null,
        data.regional_median ? el("span", { "class": "k-regional", text: texts.regional_median }) : null
      ]);
      var rows = data.knelpunten.map(function (k, i) {
        var parts = [texts.own_score + " " + (data.own[i] || "–")];
        if (data.previous) { parts.push(texts.previous + " " + (data.previous[i] || "–")); }
        if (data.regional_median) { parts.push(texts.regional_median + " " + (data.regional_median[i] || "–")); }
        return el("div", { "class": "row" }, [
          el("div", { "class": "label", text: k.n + ". " + k.title }),
          svg(data.svgs[i]),
          el("div", { "class": "figures", text: parts.join(" · ") })
        ]);
      });
      show([
        el("section", { id: "own" }, [
          el("h2", { text: (data.municipality || "") + (data.finished ? " · " + data.finished : "") }),
          key, svg(data.axis), el("div", { "class": "rows" }, rows),
          data.regional_median ? null : el("p", { "class": "note", text: texts.no_regional_median })
        ]),
        el("section", { id: "diagnosis" }, [el("h2", { text: texts.diagnosis }),
          el("ul", { "class": "diagnosis" }, data.diagnosis.map(function (line) { return el("li", { text: line }); }))]),
        data.plan ? el("section", { id: "plan" }, [el("h2", { text: texts.plan }),
          el("ul", {}, data.plan.map(function (line) { return el("li", { text: line }); }))]) : null
      ]);
    });
  }

  // --- start ------------------------------------------------------------------------------
  function switcher(me, current, onRegion, onOwn) {
    var box = document.getElementById("switch");
    box.textContent = "";
    if (me.regions.length > 1) {
      var select = el("select", { id: "region-select", "aria-label": texts.region }, me.regions.map(function (r) {
        var option = el("option", { value: r.code, text: r.name });
        if (r.code === current) { option.selected = true; }
        return option;
      }));
      select.addEventListener("change", function () { onRegion(select.value).catch(refuse); });
      box.appendChild(select);
    }
    if (me.has_results) {
      var own = el("button", { "class": "tab", type: "button", id: "own-tab", "aria-pressed": "false", text: texts.own });
      own.addEventListener("click", function () { onOwn().catch(refuse); });
      box.appendChild(own);
    }
  }

  function start() {
    applyTheme();
    if (tg) {
      if (tg.onEvent) { tg.onEvent("themeChanged", applyTheme); }
      if (tg.ready) { tg.ready(); }
      if (tg.expand) { tg.expand(); }
    }
    var query = new URLSearchParams(window.location.search);
    api("api/me").then(function (me) {
      texts = me.texts;
      document.documentElement.lang = me.locale;
      document.title = texts.title;
      var codes = me.regions.map(function (r) { return r.code; });
      if (codes.length && query.get("view") !== "own") {
        var asked = (query.get("region") || "").toUpperCase();
        var region = codes.indexOf(asked) >= 0 ? asked : codes[0];
        switcher(me, region, showRegion, showOwn);
        return showRegion(region);
      }
      return showOwn();
    }).catch(refuse);
  }

  start();
})();

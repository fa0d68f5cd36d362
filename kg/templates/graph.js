/* lgkg graph page: vis-network with type filters, name search, a hover card and a map tab.
 * Everything the page needs is in this file, the inlined vis-network and the JSON in #lgkg-data.
 * window.lgkg exposes the network and the page state (used by the browser tests). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lgkg-data").textContent);
  var byId = function (id) { return document.getElementById(id); };

  var state = {
    stabilized: false, iterations: 0, hiddenTypes: {}, focused: null, hovered: null,
    card: null, view: "graph", matches: 0, error: null
  };

  // ------------------------------------------------------------------ network
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {id: n.id, label: n.label, group: n.type, value: n.degree, aliases: n.aliases};
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return {id: i, from: e.from, to: e.to, label: e.label};
  }));
  var options = data.options;
  // node size (and label size) grow with the square root of the degree
  options.nodes.scaling.customScalingFunction = function (min, max, total, value) {
    if (max === min) { return 0.5; }
    return (Math.sqrt(value) - Math.sqrt(min)) / (Math.sqrt(max) - Math.sqrt(min));
  };
  var BASE_FONT = options.nodes.font.size, MAX_HUB_PX = 24;
  var network = new vis.Network(byId("lgkg-network"), {nodes: nodes, edges: edges}, options);

  var progress = byId("lgkg-progress"), bar = byId("lgkg-progress-bar"), barText = byId("lgkg-progress-text");
  network.on("stabilizationProgress", function (p) {
    state.iterations = p.iterations;
    var share = p.total ? p.iterations / p.total : 1;
    bar.style.width = Math.round(100 * share) + "%";
    barText.textContent = "布局中 laying out… " + Math.round(100 * share) + "%";
  });
  function settled() {
    // the layout has settled: freeze it, so the page costs nothing when idle
    network.setOptions({physics: false});
    network.fit();
    // hubs' labels large enough to read at this zoom; the others appear as one zooms in
    hubFont = Math.max(BASE_FONT, Math.ceil((options.nodes.scaling.label.drawThreshold + 6) / network.getScale()));
    sizeHubLabels();
    progress.hidden = true;
    state.stabilized = true;
  }
  // ... and no bigger than MAX_HUB_PX on screen once zoomed in
  var hubs = data.nodes.filter(function (n) { return n.hub; }).map(function (n) { return n.id; });
  var hubFont = BASE_FONT, hubShown = null;
  function sizeHubLabels() {
    var size = Math.max(BASE_FONT, Math.min(hubFont, Math.round(MAX_HUB_PX / network.getScale())));
    if (size === hubShown) { return; }
    hubShown = size;
    nodes.update(hubs.map(function (id) { return {id: id, font: {size: size}}; }));
  }
  network.on("zoom", sizeHubLabels);
  network.on("animationFinished", sizeHubLabels);
  if (data.nodes.length) { network.once("stabilizationIterationsDone", settled); } else { settled(); }

  // ------------------------------------------------------------------ filters
  var status = byId("lgkg-search-status");
  function applyFilter() {
    var changes = [];
    nodes.forEach(function (n) {
      var hide = Boolean(state.hiddenTypes[n.group]);
      if (hide !== Boolean(n.hidden)) { changes.push({id: n.id, hidden: hide}); }
    });
    nodes.update(changes);
    if (state.focused !== null && nodes.get(state.focused).hidden) { clearFocus(); }
  }
  document.querySelectorAll("#lgkg-legend input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () {
      state.hiddenTypes[box.dataset.type] = !box.checked;
      applyFilter();
    });
  });

  // ------------------------------------------------------------------- search
  function rank(n, query) {
    if (n.label === query) { return 0; }
    if (n.aliases.indexOf(query) !== -1) { return 1; }
    if (n.label.indexOf(query) === 0) { return 2; }
    return 3;
  }
  function matches(query) {
    var hits = nodes.get({filter: function (n) {
      return !n.hidden && (n.label.indexOf(query) !== -1 || n.aliases.some(function (a) { return a.indexOf(query) !== -1; }));
    }});
    // exact name, then alias, then names starting with the query; shorter names, then bigger nodes first
    hits.sort(function (a, b) {
      return rank(a, query) - rank(b, query) || a.label.length - b.label.length || b.value - a.value || a.id - b.id;
    });
    return hits;
  }
  function clearFocus() {
    state.focused = null;
    network.unselectAll();
    showCard(state.hovered);
  }
  // One camera animation at a time: vis-network leaves a stray animation behind when a second one
  // starts before the first has drawn a frame, and it later drags the view back.
  var animating = false, pending = null;
  network.on("animationFinished", function () {
    animating = false;
    if (pending !== null) { var next = pending; pending = null; moveTo(next); }
  });
  function moveTo(id) {
    if (animating) { pending = id; return; }
    animating = true;
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), locked: false,
                       animation: {duration: 400, easingFunction: "easeInOutQuad"}});
  }
  function focusNode(id) {
    state.focused = id;
    network.selectNodes([id]);
    moveTo(id);
    showCard(id);
  }
  var search = byId("lgkg-search"), typing = null;
  function searchByName() {
    clearTimeout(typing);
    var query = search.value.trim();
    if (!query) { status.textContent = ""; state.matches = 0; clearFocus(); return; }
    var hits = matches(query);
    state.matches = hits.length;
    status.textContent = hits.length ? hits.length + " / " + nodes.length : "无匹配 no match";
    if (hits.length) { focusNode(hits[0].id); } else { clearFocus(); }
  }
  // wait for the input method to finish composing Chinese before jumping
  search.addEventListener("input", function (e) {
    // search once the typing pauses, not at every keystroke
    if (!e.isComposing) { clearTimeout(typing); typing = setTimeout(searchByName, 150); }
  });
  search.addEventListener("compositionend", searchByName);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.isComposing) { searchByName(); } });

  // --------------------------------------------------------------------- card
  var card = byId("lgkg-card");
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function showCard(id) {
    if (id === null || id === undefined) {
      if (state.focused !== null && id !== state.focused) { id = state.focused; } else { card.hidden = true; state.card = null; return; }
    }
    var info = data.cards[id], node = nodes.get(id), type = data.types[node.group];
    card.replaceChildren();
    card.appendChild(el("h2", node.label));
    var head = el("div");
    var badge = el("span", type.zh + " " + node.group, "lgkg-type");
    badge.style.background = type.color;
    head.appendChild(badge);
    var meta = [info.level, info.code].filter(Boolean).join(" ");
    meta += (meta ? " · " : "") + "度 degree " + info.degree + (info.mentions ? " · 提及 mentions " + info.mentions : "");
    head.appendChild(el("span", meta, "lgkg-meta"));
    card.appendChild(head);
    var dl = el("dl");
    function row(term, values) {
      if (!values || !values.length) { return; }
      dl.appendChild(el("dt", term));
      values.forEach(function (v) { dl.appendChild(el("dd", v)); });
    }
    row("别名 aliases", info.aliases.length ? [info.aliases.join("、")] : []);
    row("行政区划 admin chain", info.chain.length ? [info.chain.join(" › ")] : []);
    row("职务 posts", info.posts);
    row("项目 programs", info.programs);
    row("实施者 implemented by", info.implementers);
    if (info.sentences.length) {
      dl.appendChild(el("dt", "来源 sources"));
      info.sentences.forEach(function (s) {
        var dd = el("dd");
        dd.appendChild(el("blockquote", s[0]));
        dd.appendChild(el("cite", "— " + s[1]));
        dl.appendChild(dd);
      });
    }
    card.appendChild(dl);
    card.hidden = false;
    state.card = id;
  }
  network.on("hoverNode", function (p) { state.hovered = p.node; showCard(p.node); });
  network.on("blurNode", function () { state.hovered = null; showCard(null); });
  network.on("click", function (p) {
    if (p.nodes.length) { state.focused = p.nodes[0]; showCard(p.nodes[0]); } else { state.focused = null; showCard(state.hovered); }
  });

  // --------------------------------------------------------------------- tabs
  var views = {graph: byId("lgkg-graph-view"), map: byId("lgkg-map-view")};
  document.querySelectorAll("#lgkg-tabs button").forEach(function (button) {
    button.addEventListener("click", function () {
      state.view = button.dataset.view;
      document.querySelectorAll("#lgkg-tabs button").forEach(function (b) {
        b.setAttribute("aria-selected", String(b === button));
      });
      Object.keys(views).forEach(function (k) { views[k].hidden = k !== state.view; });
      if (state.view === "graph") { network.redraw(); }
    });
  });

  // ---------------------------------------------------------------------- map
  var select = byId("lgkg-map-program");
  if (select) {
    select.addEventListener("change", function () {
      var want = select.value;
      document.querySelectorAll("#lgkg-map-view .lgkg-site").forEach(function (c) {
        var has = want !== "" && c.dataset.programs.split(" ").indexOf(want) !== -1;
        c.classList.toggle("lgkg-on", has);
        c.classList.toggle("lgkg-dim", want !== "" && !has);
      });
    });
  }

  window.lgkg = {network: network, nodes: nodes, edges: edges, state: state, data: data,
                 search: searchByName, focusNode: focusNode, isAnimating: function () { return animating; }};
})();

/* FTZ policy Q&A widget: <script src="https://HOST/widget.js" data-api data-lang="auto|zh|en" data-title
 * data-accent></script>. SSE over fetch from POST /ask/stream, POST /feedback. Shadow DOM; data is only
 * ever rendered as text (textContent / text nodes). */
(function () {
  'use strict';
  if (document.querySelector('ftz-assistant')) return;
  var script = document.currentScript || [].slice.call(document.querySelectorAll('script[src*="widget.js"]')).pop();
  function attr(n, d) { var v = script && script.getAttribute('data-' + n); return v ? v.trim() : d; }
  var origin = location.origin;
  try { origin = new URL(script.src, location.href).origin; } catch (e) { /* inline script: the page's origin */ }
  var API = attr('api', origin).replace(/\/+$/, '');
  var MODE = /^(zh|en)$/.test(attr('lang', 'auto')) ? attr('lang') : 'auto';
  var ACCENT = attr('accent', '#0b5cad');
  if (!/^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(ACCENT)) ACCENT = '#0b5cad';
  var TITLE = attr('title', '');
  var TOP_K = Math.min(20, Math.max(1, parseInt(attr('top-k', '3'), 10) || 3));
  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  function detect(s) { return CJK.test(s) ? 'zh' : 'en'; }
  var lang = MODE !== 'auto' ? MODE : (/^zh/i.test(document.documentElement.lang || navigator.language || '') ? 'zh' : 'en');

  // Zone names, documents and suggestions come from GET /zones: the widget names no document itself.
  var ZONES = {}, DOCS = [];
  var T = {
    zh: {
      title: '自贸区政策问答', launch: '政策问答', close: '关闭',
      sub: function (r) { return '依据' + (r.join('、') || '政策文件'); },
      hello: function (d) { return '您好！我依据' + (d.map(function (x) { return x.reference_zh + '（' + x.contents_zh + '）'; }).join('、') || '政策文件') + '回答问题，并注明出处。'; },
      tryq: '可以试试：', ph: '输入问题，按 Enter 发送', send: '发送', you: '您的问题：', bot: '助手回答：',
      wait: '正在查找文件…', zones: '涉及的自贸区', sources: '出处', nearest: '最接近的段落',
      nf: '文件未涉及这个问题。', rel: '方案未写明；相关措施', src: function (n) { return '出处 ' + n; }, measure: function (n) { return '第' + n + '条'; },
      helpful: '这个回答有帮助吗？', up: '有帮助', down: '没有帮助', why: '哪里不对？（可选）', submit: '提交',
      thanks: '感谢您的反馈！', fbErr: '反馈未能发送。', retry: '重试',
      net: '无法连接到问答服务。请检查网络连接后重试。', server: '问答服务暂时出现问题，请稍后重试。',
      rate: function (s) { return '提问太频繁了，请' + (s ? '等待 ' + s + ' 秒' : '稍等片刻') + '后再试。'; },
      bad: '无法处理这个问题，请换个问法（1–500 个字）。', cut: '回答中断了。', path: '位置', orig: '原文', eng: 'English'
    },
    en: {
      title: 'FTZ Policy Assistant', launch: 'Ask FTZ policy', close: 'Close',
      sub: function (r) { return 'Based on ' + (r.join('; ') || 'the policy documents'); },
      hello: function (d) { return 'Hi! I answer from ' + (d.map(function (x) { return x.reference_en + ' (' + x.contents_en + ')'; }).join('; ') || 'the policy documents') + ' and cite the passages.'; },
      tryq: 'Try asking:', ph: 'Ask a question, press Enter to send', send: 'Send', you: 'You asked:', bot: 'Assistant:',
      wait: 'Searching the document…', zones: 'Zones', sources: 'Sources', nearest: 'Closest passages',
      nf: 'Not covered by the document.', rel: 'Not stated in the plans; related measures', src: function (n) { return 'Source ' + n; }, measure: function (n) { return 'Measure ' + n; },
      helpful: 'Was this helpful?', up: 'Helpful', down: 'Not helpful', why: 'What was wrong? (optional)', submit: 'Send',
      thanks: 'Thanks for your feedback!', fbErr: 'Feedback could not be sent.', retry: 'Try again',
      net: 'Can\u2019t reach the assistant. Check your connection and try again.', server: 'The assistant ran into a problem. Please try again.',
      rate: function (s) { return 'Too many questions right now. Please wait ' + (s ? s + ' seconds' : 'a moment') + ' and try again.'; },
      bad: 'Please rephrase the question (1\u2013500 characters).', cut: 'The answer was interrupted.', path: 'Location', orig: 'Chinese original', eng: 'English'
    }
  };

  var CSS = `:host{all:initial!important;display:block!important;position:static!important}
*{box-sizing:border-box}
[hidden]{display:none!important}
.root{--accent:#0b5cad;--m:#5f6b7a;--t:color-mix(in srgb,var(--accent) 12%,#fff);--d:color-mix(in srgb,var(--accent) 70%,#000);--l:#d5dbe3;font:15px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2933;text-align:left;letter-spacing:normal;text-transform:none}
button,textarea,input{font:inherit;color:inherit;letter-spacing:inherit;margin:0}
button{cursor:pointer}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;padding:12px 18px;border:0;border-radius:999px;background:var(--accent);color:#fff;font-weight:600;box-shadow:0 6px 20px rgba(0,0,0,.25)}
.launcher svg{width:20px;height:20px;fill:currentColor}
.panel{position:fixed;right:20px;bottom:84px;z-index:2147483001;width:400px;max-width:calc(100vw - 40px);height:640px;max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.3);overflow:hidden}
.head{display:flex;align-items:center;gap:10px;padding:12px 12px 12px 16px;background:var(--accent);color:#fff}
.head div{flex:1;min-width:0}
.head h2{margin:0;font-size:16px;line-height:1.3;color:#fff}
.head p{margin:2px 0 0;font-size:12px;opacity:.85;color:#fff}
.x{flex:none;width:34px;height:34px;border:0;border-radius:8px;background:transparent;color:#fff;font-size:24px;line-height:1}
.log{position:relative;flex:1;overflow-y:auto;padding:14px;background:#f4f6f9;display:flex;flex-direction:column;gap:12px}
.msg{max-width:94%;padding:10px 12px;border-radius:12px;overflow-wrap:anywhere}
.user{align-self:flex-end;background:var(--accent);color:#fff;white-space:pre-wrap;border-bottom-right-radius:4px}
.bot{align-self:flex-start;background:#fff;border:1px solid #e1e5eb;border-bottom-left-radius:4px;width:94%}
.chips{display:flex;flex-direction:column;gap:6px;margin-top:8px}
.chip{text-align:left;border:1px solid var(--l);background:#fff;border-radius:10px;padding:7px 10px;font-size:13px}
.chip:hover{border-color:var(--accent);color:var(--accent)}
.answer{white-space:pre-wrap}.rel{color:#667;border-left:3px solid #ccd;padding-left:8px}.rel b{display:block}
.wait{color:var(--m);font-size:13px}
.ref{display:inline-block;margin:0 1px;padding:0 5px;border:0;border-radius:5px;background:var(--t);color:var(--d);font-size:11px;line-height:16px;vertical-align:super}
.badges{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 0;padding:0;list-style:none}
.badge{padding:1px 10px;border-radius:999px;background:var(--t);color:var(--d);font-size:12px;font-weight:600;}
.srcs{margin-top:10px;border-top:1px solid #eef0f3;padding-top:6px}
.srcs h3{margin:0 0 2px;font-size:12px;font-weight:600;color:var(--m);text-transform:uppercase;letter-spacing:.03em}
.srcs h4{margin:6px 0 0;font-size:12px;color:var(--d)}
.cites{margin:0;padding:0;list-style:none}
.cite{display:flex;gap:8px;align-items:flex-start;width:100%;text-align:left;padding:6px 4px;border:0;border-radius:6px;background:none;font-size:13px;line-height:1.45}
.cite:hover{background:#f1f4f8}
.n{flex:none;min-width:22px;height:20px;padding:0 4px;border-radius:5px;background:var(--accent);color:#fff;font-size:12px;line-height:20px;text-align:center}
.cite .z{color:var(--d)}
.chev{margin-left:auto;flex:none;color:#8a94a3}
.cite[aria-expanded=true] .chev{transform:rotate(90deg)}
.detail{margin:2px 4px 8px 34px;padding:8px 10px;background:#fafbfc;border-left:3px solid var(--accent);border-radius:0 6px 6px 0;font-size:13px}
.path{margin:0 0 6px;font-size:12px;color:var(--m)}
.passage{margin:0;white-space:pre-wrap}
.orig{margin-top:6px;padding:0;border:0;background:none;color:var(--d);font-size:12px;text-decoration:underline}
mark{background:#ffe58a;color:#1f2933;padding:0 1px;border-radius:2px}
.fb{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-top:10px;font-size:12px;color:var(--m)}
.fb button{display:inline-flex;border:1px solid var(--l);background:#fff;border-radius:8px;padding:4px 9px;color:var(--m)}
.fb svg{width:16px;height:16px;fill:currentColor}
.fb button[aria-pressed=true]{border-color:var(--accent);background:var(--t)}
.fb form{display:flex;gap:6px;width:100%}
.fb input{flex:1;min-width:0;padding:4px 8px;border:1px solid var(--l);border-radius:6px;font-size:13px;background:#fff}
.fb form button{font-size:12px;padding:2px 9px}
.err{margin:0;color:#8a1c1c}
.retry{margin-top:8px;padding:5px 14px;border:1px solid var(--accent);border-radius:8px;background:#fff;color:var(--accent);font-weight:600;font-size:13px}
.bar{display:flex;gap:8px;padding:10px;border-top:1px solid #e1e5eb;background:#fff}
textarea{flex:1;resize:none;height:44px;padding:10px 12px;border:1px solid var(--l);border-radius:10px;font-size:15px;line-height:1.4;background:#fff}
textarea:focus{border-color:var(--accent);outline:none;box-shadow:0 0 0 3px var(--t)}
.send{flex:none;padding:0 16px;border:0;border-radius:10px;background:var(--accent);color:#fff;font-weight:600}
.send:disabled{opacity:.5}
@media (max-width:600px){.panel{top:0;left:0;right:0;bottom:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}
.root.open .launcher{display:none}textarea{font-size:16px}}`;

  function h(tag, props, kids) {
    var el = document.createElement(tag);
    for (var k in props || {}) {
      var v = props[k];
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    (kids || []).forEach(function (c) {
      if (c != null) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return el;
  }
  function clear(el) { el.textContent = ''; }
  function tag(l) { return l === 'zh' ? 'zh-CN' : 'en'; }
  var uid = 0;
  function nextId(p) { return 'ftz-' + p + ++uid; }

  // ---- DOM ----
  var host = document.createElement('ftz-assistant');
  var shadow = host.attachShadow({ mode: 'open' });
  var style = document.createElement('style');
  style.textContent = CSS;
  var root = h('div', { class: 'root' });
  root.style.setProperty('--accent', ACCENT);
  function icon(d, rot) {
    var ns = 'http://www.w3.org/2000/svg', s = document.createElementNS(ns, 'svg'), p = document.createElementNS(ns, 'path');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('aria-hidden', 'true');
    if (rot) s.setAttribute('transform', 'rotate(180)');
    p.setAttribute('d', d);
    s.appendChild(p);
    return s;
  }
  var THUMB = 'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1.2-.7v-2z';
  var svg = icon('M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h10V9H7zm0 4v2h6v-2H7zM7 5v2h10V5H7z');
  var launchText = h('span');
  var panelId = nextId('panel'), titleEl = h('h2'), subEl = h('p');
  var launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': panelId,
    'aria-haspopup': 'dialog' }, [svg, launchText]);
  var closeBtn = h('button', { type: 'button', class: 'x' }, ['\u00d7']);
  var log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite' });
  var input = h('textarea', { rows: '1', maxlength: '500' });
  var sendBtn = h('button', { type: 'submit', class: 'send' });
  var bar = h('form', { class: 'bar', novalidate: true }, [input, sendBtn]);
  var panel = h('div', { class: 'panel', id: panelId, role: 'dialog', hidden: true },
    [h('div', { class: 'head' }, [h('div', null, [titleEl, subEl]), closeBtn]), log, bar]);
  root.appendChild(panel);
  root.appendChild(launcher);
  shadow.appendChild(style);
  shadow.appendChild(root);

  var helloText = h('div');
  var chips = h('div', { class: 'chips', role: 'group' });
  log.appendChild(h('div', { class: 'msg bot hello' }, [helloText, chips]));

  var described;
  function describe() {  // until it succeeds (the service may still be loading), again on each open
    if (!described) fetch(API + '/zones').then(function (r) { return r.ok ? r.json() : Promise.reject(); }).then(function (b) {
      described = 1;
      (b.zones || []).forEach(function (z) { ZONES[z.id] = [z.short_zh, z.short_en]; });
      DOCS = b.documents || [];
      DOCS.forEach(function (d) {
        (d.examples_zh || []).concat(d.examples_en || []).forEach(function (q) {
          chips.appendChild(h('button', { type: 'button', class: 'chip', lang: tag(detect(q)), onclick: function () { send(q); } }, [q]));
        });
      });
      setLang(lang);
    }).catch(function () {});
  }

  function setLang(l) {
    lang = l;
    var t = T[l];
    root.setAttribute('lang', tag(l));
    titleEl.textContent = TITLE || t.title;
    subEl.textContent = t.sub(DOCS.map(function (d) { return l === 'zh' ? d.reference_zh : d.reference_en; }));
    launchText.textContent = t.launch;
    panel.setAttribute('aria-label', TITLE || t.title);
    closeBtn.setAttribute('aria-label', t.close);
    input.placeholder = t.ph;
    input.setAttribute('aria-label', t.ph);
    sendBtn.textContent = t.send;
    helloText.textContent = t.hello(DOCS);
    chips.setAttribute('aria-label', t.tryq);
  }
  setLang(lang);
  describe();

  function show(on) {
    if (on) describe();
    panel.hidden = !on;
    root.classList.toggle('open', on);
    launcher.setAttribute('aria-expanded', String(on));
    (on ? input : launcher).focus();
  }
  launcher.addEventListener('click', function () { show(panel.hidden); });
  closeBtn.addEventListener('click', function () { show(false); });
  root.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !panel.hidden) { e.preventDefault(); e.stopPropagation(); show(false); }
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) { e.preventDefault(); submit(); }
  });
  bar.addEventListener('submit', function (e) { e.preventDefault(); submit(); });
  function submit() { var q = input.value.trim(); if (q && send(q)) input.value = ''; }

  // scroll to the bottom, but never past the top of the question
  function follow(b) { log.scrollTop = Math.min(log.scrollHeight, b.previousSibling.offsetTop - 12); }

  // ---- asking ----
  var busy = false;
  function setBusy(b) { busy = b; sendBtn.disabled = b; }

  function send(q) {
    if (busy) return false;
    q = q.slice(0, 500);
    var ql = MODE !== 'auto' ? MODE : detect(q);
    log.appendChild(h('div', { class: 'msg user', lang: tag(ql) }, [h('span', { class: 'sr', text: T[ql].you }), q]));
    var b = h('div', { class: 'msg bot' });
    log.appendChild(b);
    ask(q, b);
    follow(b);
    return true;
  }

  function ask(q, b) {
    var st = { q: q, lang: MODE !== 'auto' ? MODE : detect(q), seq: -1, text: '', cites: {}, b: b };
    if (MODE === 'auto') setLang(st.lang);
    clear(b);
    b.setAttribute('aria-busy', 'true');
    b.setAttribute('lang', tag(st.lang));
    st.answer = h('div', { class: 'answer' });
    st.wait = h('div', { class: 'wait', text: T[st.lang].wait });
    [h('span', { class: 'sr', text: T[st.lang].bot }), st.answer, st.wait].forEach(function (e) { b.appendChild(e); });
    setBusy(true);
    run(st).then(function (r) { finish(st, r); }, function () { finish(st, { kind: 'network' }); });
  }

  async function run(st) {
    var r = await stream(st, null);
    if (r.kind === 'dropped' && st.mid) r = await stream(st, st.mid + ':' + st.seq);  // one automatic resume
    return r;
  }

  async function stream(st, lastId) {
    var headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
    if (lastId) headers['Last-Event-ID'] = lastId;
    var ctl = new AbortController(), timer = null;
    function arm() { clearTimeout(timer); timer = setTimeout(function () { ctl.abort(); }, 30000); }
    arm();
    var res;
    try {
      res = await fetch(API + '/ask/stream', { method: 'POST', headers: headers, signal: ctl.signal,
        body: JSON.stringify({ question: st.q, top_k: TOP_K }) });
    } catch (e) { clearTimeout(timer); return { kind: lastId ? 'dropped' : 'network' }; }
    if (!res.ok) { clearTimeout(timer); return httpError(res); }
    if (!res.body || !res.body.getReader) { clearTimeout(timer); return { kind: 'server' }; }
    var reader = res.body.getReader(), dec = new TextDecoder(), buf = '', ev = { name: '', data: [] };
    try {
      for (;;) {
        var chunk = await reader.read();
        arm();
        if (chunk.done) break;
        buf += dec.decode(chunk.value, { stream: true });
        var lines = buf.split(/\r\n|\r|\n/);
        buf = lines.pop();
        for (var i = 0; i < lines.length; i++) {
          var line = lines[i];
          if (line === '') {
            if (ev.data.length) onEvent(st, ev.name || 'message', ev.data.join('\n'));
            ev = { name: '', data: [] };
          } else if (line[0] !== ':') {
            var c = line.indexOf(':'), f = c < 0 ? line : line.slice(0, c), v = c < 0 ? '' : line.slice(c + 1);
            if (v[0] === ' ') v = v.slice(1);
            if (f === 'event') ev.name = v;
            else if (f === 'data') ev.data.push(v);
          }
        }
        if (st.done || st.fail) { reader.cancel().catch(function () {}); break; }
      }
    } catch (e) { /* dropped connection: handled below */ }
    clearTimeout(timer);
    if (st.fail) return st.fail;
    if (st.done) return { kind: 'ok' };
    return { kind: 'dropped' };
  }

  function httpError(res) {
    var ra = (res.headers.get('Retry-After') || '').trim();
    var s = /^\d+$/.test(ra) ? +ra : ra ? Math.ceil((Date.parse(ra) - Date.now()) / 1000) : 0;  // seconds or HTTP date
    return res.status === 429 ? { kind: 'rate', wait: s > 0 ? s : 0 } : { kind: res.status >= 500 ? 'server' : 'bad' };
  }

  function onEvent(st, name, raw) {
    var d;
    try { d = JSON.parse(raw); } catch (e) { return; }
    if (!d || typeof d !== 'object') return;
    if (typeof d.seq === 'number') {
      if (d.seq <= st.seq) return;  // seen before a resume
      st.seq = d.seq;
    }
    if (d.message_id) st.mid = String(d.message_id);
    if (name === 'meta') onMeta(st, d);
    else if (name === 'delta') onDelta(st, d);
    else if (name === 'done') st.done = d;
    else if (name === 'error') {
      var s = Number(d.status) || 500;
      st.fail = s === 429 ? { kind: 'rate', wait: 0 } : s >= 500 ? { kind: 'server' } : { kind: 'bad' };
    }
  }

  function zoneLabel(z, l, fallback) { return ZONES[z] ? ZONES[z][l === 'zh' ? 0 : 1] : (fallback || String(z)); }

  function onMeta(st, m) {
    st.meta = m;
    if (m.lang === 'zh' || m.lang === 'en') {
      st.lang = MODE !== 'auto' ? MODE : m.lang;
      if (MODE === 'auto') setLang(st.lang);
    }
    var t = T[st.lang], cits = Array.isArray(m.citations) ? m.citations : [];
    st.wait.textContent = t.wait;
    if (!m.found) st.answer.textContent = t.nf;
    if (m.status === 'related') st.answer.className = 'answer rel';
    if (m.found && Array.isArray(m.zones) && m.zones.length) {
      var named = {};
      (Array.isArray(m.groups) ? m.groups : []).forEach(function (g) { named[g.zone] = g.zone_name; });
      st.b.insertBefore(h('ul', { class: 'badges', 'aria-label': t.zones }, m.zones.map(function (z) {
        return h('li', { class: 'badge' }, [zoneLabel(z, st.lang, named[z])]);
      })), st.wait);
    }
    if (!cits.length) return;
    // grouped by zone (named zones first), numbered in the order shown
    var kids = [h('h3', { text: m.found ? t.sources : t.nearest })], n = 0,
      gs = Array.isArray(m.groups) && m.groups.length ? m.groups : [{ citations: cits.map(function (c, i) { return i; }) }];
    gs.forEach(function (g) {
      var mine = (g.citations || []).filter(function (i) { return cits[i]; });
      if (g.zone && mine.length) kids.push(h('h4', { text: zoneLabel(g.zone, st.lang, g.zone_name) }));
      kids.push(h('ol', { class: 'cites' }, mine.map(function (i) { return citation(st, cits[i], ++n); })));
    });
    st.srcs = h('div', { class: 'srcs' }, kids);
    st.b.insertBefore(st.srcs, st.wait);
    follow(st.b);
  }

  function marked(text, hl, l) {
    var chars = Array.from(String(text || '')), r = Array.isArray(hl) ? hl : [0, 0];  // Python offsets count code points
    var a = Math.max(0, Math.min(chars.length, r[0] | 0)), z = Math.max(a, Math.min(chars.length, r[1] | 0));
    var p = h('p', { class: 'passage', lang: tag(l) }, [chars.slice(0, a).join('')]);
    if (z > a) p.appendChild(h('mark', { text: chars.slice(a, z).join('') }));
    p.appendChild(document.createTextNode(chars.slice(z).join('')));
    return p;
  }

  function citation(st, c, n) {
    var t = T[st.lang], did = nextId('cite');
    var title = (st.lang === 'en' && c.title_en) ? c.title_en : (c.title || '');
    var label = [zoneLabel(c.zone, st.lang, c.zone_name)];
    if (c.measure) label.push(t.measure(c.measure));
    var btn = h('button', { type: 'button', class: 'cite', 'aria-expanded': 'false', 'aria-controls': did },
      [h('span', { class: 'n', 'aria-hidden': 'true', text: String(n) }), h('span', { class: 'sr', text: t.src(n) + ': ' }),
        h('span', null, [h('span', { class: 'z', text: label.join(' · ') }), ' ', title]), h('span', { class: 'chev', 'aria-hidden': 'true', text: '\u203a' })]);
    var zh = marked(c.text, c.highlight, 'zh'), en = st.lang === 'en' && c.text_en ? marked(c.text_en, c.highlight_en, 'en') : null;
    var path = Array.isArray(c.path) && c.path.length ? c.path : [c.zone_name || ''];
    var kids = [h('p', { class: 'path' }, [h('span', { class: 'sr', text: t.path + ': ' }), path.join(' \u203a ')]), en || zh];
    if (en) {  // English reads first; the Chinese original, one click away, is the authority
      zh.hidden = true;
      var sw = h('button', { type: 'button', class: 'orig', 'aria-pressed': 'false', text: t.orig });
      sw.addEventListener('click', function () {
        var o = zh.hidden;
        zh.hidden = !o; en.hidden = o; sw.textContent = o ? t.eng : t.orig; sw.setAttribute('aria-pressed', String(o));
      });
      kids.push(zh, sw);
    }
    var detail = h('div', { class: 'detail', id: did, role: 'region', 'aria-label': t.src(n), hidden: true }, kids);
    function toggle(force) {
      var show = force === true ? true : detail.hidden;
      detail.hidden = !show;
      btn.setAttribute('aria-expanded', String(show));
      if (show) detail.scrollIntoView({ block: 'nearest' });
    }
    btn.addEventListener('click', function () { toggle(); });
    st.cites[c.id] = { n: n, toggle: toggle, btn: btn };
    return h('li', null, [btn, detail]);
  }

  function refs(st, ids, into) {
    (Array.isArray(ids) ? ids : []).forEach(function (id) {
      var c = st.cites[id];
      if (!c) return;
      into.appendChild(h('button', { type: 'button', class: 'ref', 'aria-label': T[st.lang].src(c.n),
        onclick: function () { c.toggle(true); c.btn.focus(); } }, ['[' + c.n + ']']));
    });
  }

  function onDelta(st, d) {
    if (st.meta && !st.meta.found) return;
    if (typeof d.text === 'string' && d.text) {
      st.answer.appendChild(document.createTextNode(d.text));
      st.text += d.text;
    }
    refs(st, d.citation_ids, st.answer);
    follow(st.b);
  }

  function finish(st, r) {
    var b = st.b, t = T[st.lang];
    if (st.wait.parentNode) b.removeChild(st.wait);
    b.setAttribute('aria-busy', 'false');
    setBusy(false);
    if (r.kind === 'ok') {
      var d = st.done, found = st.meta ? st.meta.found : d.found;
      if (found && typeof d.answer === 'string' && d.answer !== st.text) {  // fill in anything the stream missed
        st.answer.textContent = d.answer;
        refs(st, d.citation_ids, st.answer);
      } else if (!found) {
        var rel = st.meta && st.meta.status === 'related' && typeof d.answer === 'string';
        st.answer.textContent = rel ? '' : t.nf;
        if (rel) { st.answer.appendChild(h('b', { text: t.rel })); st.answer.appendChild(document.createTextNode(d.answer)); }
      }
      b.appendChild(feedbackBar(st, Array.isArray(d.citation_ids) && d.citation_ids.length ? d.citation_ids
        : (st.meta && st.meta.citations || []).map(function (c) { return c.id; })));
      follow(b);
      return;
    }
    clear(b);
    var msg = r.kind === 'rate' ? t.rate(r.wait) : r.kind === 'server' ? t.server : r.kind === 'bad' ? t.bad
      : r.kind === 'dropped' ? t.cut + ' ' + t.net : t.net;
    b.appendChild(h('p', { class: 'err', role: 'alert', text: msg }));
    if (r.kind !== 'bad') {
      b.appendChild(h('button', { type: 'button', class: 'retry', onclick: function () {
        if (busy) return;
        ask(st.q, b);
        input.focus();
      } }, [t.retry]));
    }
    follow(b);
  }

  function feedbackBar(st, ids) {
    var t = T[st.lang], status = h('span', { role: 'status' }), sent = false;
    var up = h('button', { type: 'button', 'aria-pressed': 'false', 'aria-label': t.up, title: t.up }, [icon(THUMB)]);
    var down = h('button', { type: 'button', 'aria-pressed': 'false', 'aria-label': t.down, title: t.down }, [icon(THUMB, 1)]);
    var box = h('div', { class: 'fb' }, [h('span', { text: t.helpful }), up, down, status]);
    function post(rating, comment) {
      if (sent) return;
      sent = true;
      up.disabled = down.disabled = true;
      (rating === 'up' ? up : down).setAttribute('aria-pressed', 'true');
      fetch(API + '/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ question: st.q, citation_ids: ids, rating: rating, comment: comment || '' }) })
        .then(function (res) { if (!res.ok) throw res; status.textContent = t.thanks; })
        .catch(function () {
          status.textContent = t.fbErr;
          sent = up.disabled = down.disabled = false;
          up.setAttribute('aria-pressed', 'false');
          down.setAttribute('aria-pressed', 'false');
        });
    }
    up.addEventListener('click', function () { post('up', ''); });
    down.addEventListener('click', function () {
      if (sent || box.querySelector('form')) return;
      down.setAttribute('aria-pressed', 'true');
      var why = h('input', { type: 'text', maxlength: '500', 'aria-label': t.why, placeholder: t.why });
      var f = h('form', null, [why, h('button', { type: 'submit', text: t.submit })]);
      f.addEventListener('submit', function (e) { e.preventDefault(); post('down', why.value.trim()); f.remove(); });
      box.appendChild(f);
      why.focus();
    });
    return box;
  }

  if (document.body) document.body.appendChild(host);
  else document.addEventListener('DOMContentLoaded', function () { document.body.appendChild(host); });
})();

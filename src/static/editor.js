/*
 * Gongkai office rich-text editor: progressive enhancement of
 * <textarea data-editor="rich">. Without JavaScript the textarea is the editor
 * (it holds HTML). With it, a contenteditable area and a toolbar replace it and
 * keep it in sync. Pasting from Word or WPS is cleaned here (styles, classes,
 * <o:p>, comments, fonts dropped; tables, lists, bold kept); the server sanitizes
 * again on save, so this is about a clean result, not about security.
 */
(function () {
  'use strict';

  var BLOCKS = { P: 1, H2: 1, H3: 1, H4: 1, UL: 1, OL: 1, LI: 1, TABLE: 1, THEAD: 1, TBODY: 1, TFOOT: 1, TR: 1, TH: 1, TD: 1, CAPTION: 1, BLOCKQUOTE: 1, HR: 1 };
  var INLINE = { STRONG: 1, EM: 1, U: 1, SUP: 1, SUB: 1, A: 1, BR: 1, IMG: 1 };
  var RENAME = { B: 'STRONG', I: 'EM', H1: 'H2', H5: 'H4', H6: 'H4', DIV: 'P' };
  var STRUCTURAL = { TABLE: 1, THEAD: 1, TBODY: 1, TFOOT: 1, TR: 1, UL: 1, OL: 1 };
  function rootOf(el) {
    while (el.parentNode) el = el.parentNode;
    return el;
  }
  var DROP = { SCRIPT: 1, STYLE: 1, META: 1, LINK: 1, TITLE: 1, XML: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, SVG: 1, MATH: 1, NOSCRIPT: 1, BUTTON: 1, INPUT: 1, SELECT: 1, TEXTAREA: 1 };

  function alignOf(el) {
    var a = (el.style && el.style.textAlign) || el.getAttribute('align') || '';
    a = a.toLowerCase();
    return a === 'center' || a === 'right' || a === 'justify' ? 'align-' + a : '';
  }

  function isWordListParagraph(el) {
    var style = el.getAttribute('style') || '';
    return /mso-list\s*:/i.test(style) || /MsoListParagraph/i.test(el.className || '');
  }

  /** Copies the allowed structure of `src` into `dest`, dropping everything else. */
  function cleanInto(src, dest, doc) {
    for (var node = src.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        var text = node.nodeValue
          .replace(/\u00a0/g, ' ')
          // Word wraps its HTML source mid-sentence; a line break between Chinese characters is not a space.
          .replace(/([\u2e80-\uffef])[ \t]*\r?\n\s*([\u2e80-\uffef])/g, '$1$2')
          .replace(/\s*\r?\n\s*/g, ' ');
        // Whitespace between blocks is source formatting, not content.
        if (!text.trim() && (dest === rootOf(dest) || STRUCTURAL[dest.tagName])) continue;
        dest.appendChild(doc.createTextNode(text));
        continue;
      }
      if (node.nodeType !== 1) continue; // comments, including Word's <!--[if ...]>
      var tag = node.tagName.toUpperCase();
      if (DROP[tag] || tag.indexOf(':') >= 0) continue; // <o:p>, <v:shape>, <w:...>
      // Word's fake list bullets: <span style="mso-list:Ignore">1.</span>
      if (/mso-list\s*:\s*ignore/i.test(node.getAttribute('style') || '')) continue;
      tag = RENAME[tag] || tag;
      if (tag === 'SPAN') {
        var st = node.getAttribute('style') || '';
        var wrap = null;
        if (/font-weight\s*:\s*(bold|[6-9]00)/i.test(st)) wrap = doc.createElement('strong');
        else if (/font-style\s*:\s*italic/i.test(st)) wrap = doc.createElement('em');
        else if (/vertical-align\s*:\s*super/i.test(st)) wrap = doc.createElement('sup');
        else if (/vertical-align\s*:\s*sub/i.test(st)) wrap = doc.createElement('sub');
        if (wrap) {
          cleanInto(node, wrap, doc);
          dest.appendChild(wrap);
        } else cleanInto(node, dest, doc);
        continue;
      }
      if (!BLOCKS[tag] && !INLINE[tag]) {
        cleanInto(node, dest, doc); // unwrap: <font>, <section>, <article> …
        continue;
      }
      var out = doc.createElement(tag.toLowerCase());
      var align = alignOf(node);
      if (align && /^(P|H2|H3|H4|TD|TH)$/.test(tag)) out.className = align;
      if (tag === 'TD' || tag === 'TH') {
        ['colspan', 'rowspan'].forEach(function (a) {
          var n = parseInt(node.getAttribute(a), 10);
          if (n > 1 && n <= 100) out.setAttribute(a, String(n));
        });
      }
      if (tag === 'A') {
        var href = (node.getAttribute('href') || '').trim();
        if (/^(https?:|mailto:|\/(?!\/))/i.test(href)) out.setAttribute('href', href);
      }
      if (tag === 'IMG') {
        var src2 = node.getAttribute('src') || '';
        // Images pasted from Word point at local temp files the server cannot reach.
        if (!/^data:image\/(png|jpeg|gif|webp);base64,/i.test(src2) && !/^\/files\/\d+/.test(src2)) continue;
        out.setAttribute('src', src2);
        out.setAttribute('alt', node.getAttribute('alt') || '');
      }
      if (tag === 'P' && isWordListParagraph(node)) out.setAttribute('data-word-list', '1');
      cleanInto(node, out, doc);
      dest.appendChild(out);
    }
  }

  /** Word writes list items as paragraphs; turn runs of them back into a list. */
  function rebuildWordLists(root, doc) {
    var paras = root.querySelectorAll('p[data-word-list]');
    for (var i = 0; i < paras.length; i++) {
      var p = paras[i];
      if (!p.parentNode) continue;
      var prev = p.previousSibling;
      while (prev && prev.nodeType === 3 && !prev.nodeValue.trim()) {
        var gap = prev;
        prev = prev.previousSibling;
        gap.parentNode.removeChild(gap);
      }
      var list;
      if (prev && prev.nodeType === 1 && prev.tagName === 'UL' && prev.getAttribute('data-word-list')) list = prev;
      else {
        list = doc.createElement('ul');
        list.setAttribute('data-word-list', '1');
        p.parentNode.insertBefore(list, p);
      }
      var li = doc.createElement('li');
      while (p.firstChild) li.appendChild(p.firstChild);
      list.appendChild(li);
      p.parentNode.removeChild(p);
    }
    var lists = root.querySelectorAll('[data-word-list]');
    for (var j = 0; j < lists.length; j++) lists[j].removeAttribute('data-word-list');
  }

  function removeEmpty(root) {
    var ps = root.querySelectorAll('p, strong, em, u, span');
    for (var i = ps.length - 1; i >= 0; i--) {
      if (!ps[i].textContent.trim() && !ps[i].querySelector('img, br')) ps[i].parentNode.removeChild(ps[i]);
    }
  }

  /** Cleans pasted HTML (exported for tests through window.GongkaiEditor). */
  function cleanHtml(html) {
    var doc = document.implementation.createHTMLDocument('');
    var parsed = new DOMParser().parseFromString(html, 'text/html');
    var root = doc.createElement('div');
    cleanInto(parsed.body, root, doc);
    rebuildWordLists(root, doc);
    removeEmpty(root);
    return root.innerHTML;
  }

  function textToHtml(text) {
    var div = document.createElement('div');
    return text
      .split(/\r?\n\s*\r?\n|\r?\n/)
      .filter(function (line) { return line.trim() !== ''; })
      .map(function (line) {
        div.textContent = line;
        return '<p>' + div.innerHTML + '</p>';
      })
      .join('');
  }

  var TOOLS = [
    { cmd: 'formatBlock', arg: 'p', label: '正文段落', text: '段落' },
    { cmd: 'formatBlock', arg: 'h2', label: '一级标题', text: '标题一' },
    { cmd: 'formatBlock', arg: 'h3', label: '二级标题', text: '标题二' },
    { cmd: 'bold', label: '加粗', text: '粗' },
    { cmd: 'italic', label: '斜体', text: '斜' },
    { cmd: 'underline', label: '下划线', text: '下划线' },
    { cmd: 'insertOrderedList', label: '编号列表', text: '1. 列表' },
    { cmd: 'insertUnorderedList', label: '项目符号列表', text: '• 列表' },
    { cmd: 'justifyCenter', label: '居中', text: '居中' },
    { cmd: 'createLink', label: '插入链接', text: '链接' },
    { cmd: 'insertTable', label: '插入表格', text: '表格' },
    { cmd: 'removeFormat', label: '清除格式', text: '清除格式' },
    { cmd: 'undo', label: '撤销', text: '撤销' },
    { cmd: 'redo', label: '重做', text: '重做' },
  ];

  function enhance(textarea) {
    var wrap = document.createElement('div');
    wrap.className = 'rich-editor';
    var toolbar = document.createElement('div');
    toolbar.className = 'rich-toolbar';
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', '正文格式');
    var area = document.createElement('div');
    area.className = 'rich-area rich-text';
    area.contentEditable = 'true';
    area.setAttribute('role', 'textbox');
    area.setAttribute('aria-multiline', 'true');
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      if (!label.id) label.id = textarea.id + '-label';
      area.setAttribute('aria-labelledby', label.id);
      // The label's click target is now the editable area.
      label.addEventListener('click', function () { area.focus(); });
    }
    if (textarea.getAttribute('aria-describedby')) area.setAttribute('aria-describedby', textarea.getAttribute('aria-describedby'));
    area.innerHTML = cleanHtml(textarea.value) || '<p><br></p>';

    function sync() {
      textarea.value = area.innerHTML === '<p><br></p>' ? '' : area.innerHTML;
    }

    TOOLS.forEach(function (t) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'small secondary';
      b.textContent = t.text;
      b.setAttribute('aria-label', t.label);
      b.title = t.label;
      b.addEventListener('mousedown', function (e) { e.preventDefault(); }); // keep the selection
      b.addEventListener('click', function () {
        area.focus();
        if (t.cmd === 'createLink') {
          var url = window.prompt('链接地址（以 https:// 开头）', 'https://');
          if (url && /^(https?:\/\/|mailto:|\/)/i.test(url)) document.execCommand('createLink', false, url);
        } else if (t.cmd === 'insertTable') {
          var rows = parseInt(window.prompt('行数', '3'), 10);
          var cols = parseInt(window.prompt('列数', '3'), 10);
          if (rows > 0 && cols > 0 && rows <= 50 && cols <= 12) {
            var html = '<table><tbody>';
            for (var r = 0; r < rows; r++) {
              html += '<tr>';
              for (var c = 0; c < cols; c++) html += r === 0 ? '<th>&nbsp;</th>' : '<td>&nbsp;</td>';
              html += '</tr>';
            }
            document.execCommand('insertHTML', false, html + '</tbody></table><p><br></p>');
          }
        } else {
          document.execCommand(t.cmd, false, t.arg ? '<' + t.arg + '>' : null);
        }
        sync();
      });
      toolbar.appendChild(b);
    });

    area.addEventListener('input', sync);
    area.addEventListener('blur', sync);
    area.addEventListener('paste', function (e) {
      var data = e.clipboardData;
      if (!data) return;
      e.preventDefault();
      var html = data.getData('text/html');
      var clean = html ? cleanHtml(html) : textToHtml(data.getData('text/plain'));
      document.execCommand('insertHTML', false, clean);
      sync();
    });
    if (textarea.form) textarea.form.addEventListener('submit', sync);

    // A link back to the plain HTML source, for whoever needs it.
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'small secondary';
    toggle.textContent = '源代码';
    toggle.setAttribute('aria-pressed', 'false');
    toggle.addEventListener('click', function () {
      var showSource = textarea.hidden;
      if (showSource) {
        sync();
        textarea.hidden = false;
        area.hidden = true;
      } else {
        area.innerHTML = cleanHtml(textarea.value) || '<p><br></p>';
        textarea.hidden = true;
        area.hidden = false;
      }
      toggle.setAttribute('aria-pressed', showSource ? 'true' : 'false');
    });
    toolbar.appendChild(toggle);

    textarea.parentNode.insertBefore(wrap, textarea);
    wrap.appendChild(toolbar);
    wrap.appendChild(area);
    wrap.appendChild(textarea);
    textarea.hidden = true;
  }

  window.GongkaiEditor = { cleanHtml: cleanHtml };
  function init() {
    var areas = document.querySelectorAll('textarea[data-editor="rich"]');
    for (var i = 0; i < areas.length; i++) enhance(areas[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();

import { renderDjangoTemplate, TemplateError } from '../../src/exporters/django-template';
import { adaptValueForXlsx } from '../../src/exporters/xlsx';

describe('attribution templates (Django syntax subset)', () => {
  const context = {
    project: { name: 'Demo <app>' },
    packages: [
      { name: 'a', homepage_url: 'https://a.example/x?y=1&z=2', links: '<a href="#l">MIT</a>', licenses: [{ key: 'mit' }] },
      { name: 'b', homepage_url: '', links: '', licenses: [] },
    ],
    empty: [],
  };

  it("renders ScanCode.io's constructs: blocks, comments, for with forloop and empty, if/elif/else, filters", () => {
    const template = [
      '{% load static %}{% block title %}<h1>{{ project.name }}</h1>{% endblock %}{# hidden #}',
      '{% for p in packages %}[{{ forloop.counter }}:{{ p.name|upper }}{% if p.homepage_url %} {{ p.homepage_url|urlize }}{% elif p.name == "b" %} none{% else %} ?{% endif %} {{ p.links|safe }}]{% endfor %}',
      '{% for x in empty %}x{% empty %}(no rows){% endfor %}{% comment %}gone{% endcomment %}',
      '{{ missing|default:"n/a" }} {{ packages|length }} {% if not empty and packages %}ok{% endif %}',
    ].join('');
    expect(renderDjangoTemplate(template, context)).toBe(
      '<h1>Demo &lt;app&gt;</h1>' +
        '[1:A <a href="https://a.example/x?y=1&amp;z=2" rel="nofollow">https://a.example/x?y=1&amp;z=2</a> <a href="#l">MIT</a>][2:B none ]' +
        '(no rows)n/a 2 ok',
    );
  });

  it('cannot reach code: constructors, prototypes and functions render as nothing', () => {
    const hostile = "{{ project.constructor }}{{ project.name.constructor.constructor }}{{ packages.__proto__ }}{{ packages.map }}{% for c in ''.constructor %}x{% endfor %}";
    expect(renderDjangoTemplate(hostile, { ...context, fn: () => 'called' })).toBe('');
    expect(renderDjangoTemplate('{{ fn }}', { fn: () => 'called' })).toBe('');
  });

  it('names what it cannot read', () => {
    expect(() => renderDjangoTemplate('{% include "x.html" %}', {})).toThrow(new TemplateError('Unsupported tag: {% include "x.html" %}'));
    expect(() => renderDjangoTemplate('{{ a|pluralize }}', {})).toThrow(new TemplateError('Unsupported filter: pluralize'));
    expect(() => renderDjangoTemplate('{% for a in b %}', {})).toThrow(new TemplateError('Missing {% endfor %}'));
  });
});

describe('XLSX cell values (ScanCode.io _adapt_value_for_xlsx)', () => {
  it('reduces, de-duplicates, cuts and flags values as ScanCode.io does', () => {
    expect(adaptValueForXlsx('copyrights', [{ copyright: 'C1' }, { copyright: 'C2' }, { copyright: 'C1' }])).toEqual({ text: 'C1\nC2' });
    expect(adaptValueForXlsx('description', 'l1\r\nl2\nl3\nl4\nl5\nl6')).toEqual({ text: 'l1\nl2\nl3\nl4\nl5' });
    expect(adaptValueForXlsx('is_binary', true)).toEqual({ text: 'True' });
    expect(adaptValueForXlsx('is_binary', false)).toEqual({ text: '' });
    expect(adaptValueForXlsx('size', 0)).toEqual({ text: '' });
    expect(adaptValueForXlsx('details', { resource_path: 'a/b' })).toEqual({ text: 'resource_path: a/b\n' });
    // Dicts inside lists are written as Python's str() of them, as ScanCode.io does.
    expect(adaptValueForXlsx('parties', [{ type: 'person', role: 'author', name: "Jane O'Hara", email: null, url: 'a\nb' }])).toEqual({
      text: `{'type': 'person', 'role': 'author', 'name': "Jane O'Hara", 'email': None, 'url': 'a\\nb'}`,
    });
    expect(adaptValueForXlsx('notes', 'a\r\nb')).toEqual({ text: 'a\nb' });
    const long = adaptValueForXlsx('notice_text', 'x'.repeat(40_000));
    expect(long.text).toHaveLength(32767);
    expect(long.error).toBe('The value of: notice_text has been truncated from: 40000 to 32767 length to fit in an XLSX cell maximum length');
  });
});

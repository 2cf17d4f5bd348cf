/**
 * The built-in attribution template (Django template syntax). Copy it to
 * `<workspace>/templates/attribution.html` or a codebase's `.scancode/templates/` to change it.
 * Context: `project` (name, notes, created_date), `packages` (every package field, plus
 * `package_url`, `licenses` and `expression_links`), `licenses` (key, spdx_license_key, name,
 * text, licensedb_url), sorted by SPDX identifier.
 */
export const DEFAULT_ATTRIBUTION_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Open source notices for {{ project.name }}</title>
    {% block style %}
    <style>
      body { font-family: system-ui, Helvetica, Arial, sans-serif; max-width: 60rem; margin: 1.5rem; line-height: 1.4; }
      pre { white-space: pre-wrap; background: #f6f6f6; padding: .75rem; }
      .package { border-top: 1px solid #ccc; padding-top: .5rem; }
    </style>
    {% endblock %}
  </head>
  <body>
    {% block title %}<h1>Open source notices for {{ project.name }}</h1>{% endblock %}

    {% block description %}
    <p>
      Packages are identified by Package URLs (https://github.com/package-url/purl-spec) and
      licenses by SPDX license expressions (https://spdx.org/licenses/); identifiers that start
      with LicenseRef- name licenses from the ScanCode LicenseDB (https://scancode-licensedb.aboutcode.org/).
    </p>
    {% endblock %}

    {% block package_toc %}
    <h2>Packages</h2>
    <ol>
      {% for package in packages %}
      <li><a href="#package_{{ forloop.counter }}">{{ package.package_url }}</a></li>
      {% empty %}
      <li>No package was found.</li>
      {% endfor %}
    </ol>
    {% endblock %}

    {% block license_toc %}
    <h2>Licenses</h2>
    <ul>
      {% for license in licenses %}
      <li><a href="#license_{{ license.key }}">{{ license.spdx_license_key }}</a>: {{ license.name }}</li>
      {% endfor %}
    </ul>
    {% endblock %}

    {% block package_list %}
    <h2>Package details</h2>
    {% for package in packages %}
    <div class="package" id="package_{{ forloop.counter }}">
      <h3>{{ package.package_url }}</h3>
      {% if package.homepage_url %}<p>Homepage: {{ package.homepage_url|urlize }}</p>{% endif %}
      {% if package.download_url %}<p>Download: {{ package.download_url|urlize }}</p>{% endif %}
      {% if package.copyright %}<pre>{{ package.copyright }}</pre>{% endif %}
      {% if package.declared_license_expression %}<p>License: {{ package.expression_links|safe }}</p>{% endif %}
      {% if package.notice_text %}<pre>{{ package.notice_text }}</pre>{% endif %}
    </div>
    {% endfor %}
    {% endblock %}

    {% block license_list %}
    <h2 id="license_texts">License texts</h2>
    {% for license in licenses %}
    <h3 id="license_{{ license.key }}">{{ license.spdx_license_key }}</h3>
    <p><a href="{{ license.licensedb_url }}">{{ license.licensedb_url }}</a></p>
    <pre>{{ license.text }}</pre>
    {% endfor %}
    {% endblock %}
  </body>
</html>
`;

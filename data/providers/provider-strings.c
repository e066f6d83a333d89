/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Made by build-aux/provider-strings from data/providers/*.json: do not edit it, run
 * that script after changing a provider file. Never compiled: xgettext reads it, and
 * keyfob-provider.c looks the texts up with the provider id as context. */

static const char *provider_strings[] = {

  /* Translators: what Cutover is, shown under its name (data/providers/cutover.json) */
  NC_("cutover", "Runbook and release orchestration"),
  /* Translators: what a Cutover token looks like: “This is not a Cutover token: they are …” (data/providers/cutover.json) */
  NC_("cutover", "48 hexadecimal characters (0-9, a-f)"),
  /* Translators: the label of Cutover’s “instance” field, a form row’s title (data/providers/cutover.json) */
  NC_("cutover", "Instance"),
  /* Translators: explains Cutover’s “instance” field under the form row (data/providers/cutover.json) */
  NC_("cutover", "Your Cutover instance: the NAME in https://NAME.cutover.com."),
  /* Translators: says how to fix a value of Cutover’s “instance” field that does not fit (data/providers/cutover.json) */
  NC_("cutover", "Give the instance name (acme) or its address (https://acme.cutover.com), without a path."),
  /* Translators: the label of Cutover’s “api_host” field, a form row’s title (data/providers/cutover.json) */
  NC_("cutover", "API host"),
  /* Translators: explains Cutover’s “api_host” field under the form row (data/providers/cutover.json) */
  NC_("cutover", "Shared tenants use api.cutover.net; single-tenant customers use api.NAME.cutover.com."),
  /* Translators: says how to fix a value of Cutover’s “api_host” field that does not fit (data/providers/cutover.json) */
  NC_("cutover", "Use api.cutover.net, or api.NAME.cutover.com for a single-tenant instance."),
  /* Translators: what a check of a Cutover token found, shown with its result (data/providers/cutover.json) */
  NC_("cutover", "The token works, but its user lacks a role for this call: give it Workspace manager (or the role the call needs) besides Developer."),
  /* Translators: what a check of a Cutover token found, shown with its result (data/providers/cutover.json) */
  NC_("cutover", "This Cutover instance runs an older Core version that does not offer this API call."),
  /* Translators: a step of creating a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Click Access Management in the left-hand navigation panel."),
  /* Translators: a step of creating a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Click + in the bottom right-hand corner to create a new non-interactive user."),
  /* Translators: a step of creating a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "In the New User modal, add a first name, last name and email (username)."),
  /* Translators: a step of creating a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Under Roles, tick Developer along with the roles the API calls need (for example Workspace manager)."),
  /* Translators: a step of creating a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Under Login option, click Non Interactive, then click + Create."),
  /* Translators: a step of creating a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "From the Users list, click the new user to open the User Details panel."),
  /* Translators: a step of creating a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Click User App Tokens, then CREATE USER APP TOKEN."),
  /* Translators: a step of creating a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "In the New User App Token modal, fill in the Label field and click + CREATE."),
  /* Translators: a step of creating a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Copy the token before clicking > CONTINUE: it is displayed only once."),
  /* Translators: a step of revoking a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Click Access Management in the left-hand navigation panel and click the user to open the User Details panel."),
  /* Translators: a step of revoking a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Click User App Tokens."),
  /* Translators: a step of revoking a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Click the bin icon next to the user app token."),
  /* Translators: a step of revoking a token in Cutover. Keep Cutover’s own names for its pages, menus, buttons, fields and roles as Cutover spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Cutover’s site, which is in English. (data/providers/cutover.json) */
  NC_("cutover", "Click REVOKE in the Revoke User App Token modal."),

  /* Translators: what Pulsetic is, shown under its name (data/providers/pulsetic.json) */
  NC_("pulsetic", "Uptime monitoring"),
  /* Translators: a step of creating a token in Pulsetic. Keep Pulsetic’s own names for its pages, menus, buttons, fields and roles as Pulsetic spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pulsetic’s site, which is in English. (data/providers/pulsetic.json) */
  NC_("pulsetic", "Log in to your Pulsetic account and open the API page."),
  /* Translators: a step of creating a token in Pulsetic. Keep Pulsetic’s own names for its pages, menus, buttons, fields and roles as Pulsetic spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pulsetic’s site, which is in English. (data/providers/pulsetic.json) */
  NC_("pulsetic", "Scroll down to the API Keys section."),
  /* Translators: a step of creating a token in Pulsetic. Keep Pulsetic’s own names for its pages, menus, buttons, fields and roles as Pulsetic spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pulsetic’s site, which is in English. (data/providers/pulsetic.json) */
  NC_("pulsetic", "Click the + API key button."),
  /* Translators: a step of creating a token in Pulsetic. Keep Pulsetic’s own names for its pages, menus, buttons, fields and roles as Pulsetic spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pulsetic’s site, which is in English. (data/providers/pulsetic.json) */
  NC_("pulsetic", "Click Generate API Key: a new row appears in the API key table."),
  /* Translators: a step of creating a token in Pulsetic. Keep Pulsetic’s own names for its pages, menus, buttons, fields and roles as Pulsetic spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pulsetic’s site, which is in English. (data/providers/pulsetic.json) */
  NC_("pulsetic", "Copy the whole token from the table."),
  /* Translators: a step of revoking a token in Pulsetic. Keep Pulsetic’s own names for its pages, menus, buttons, fields and roles as Pulsetic spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pulsetic’s site, which is in English. (data/providers/pulsetic.json) */
  NC_("pulsetic", "In Pulsetic, open the API page and scroll to the API Keys section."),
  /* Translators: a step of revoking a token in Pulsetic. Keep Pulsetic’s own names for its pages, menus, buttons, fields and roles as Pulsetic spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pulsetic’s site, which is in English. (data/providers/pulsetic.json) */
  NC_("pulsetic", "Delete the key in the table."),
  /* Translators: shown when renaming a Pulsetic token. Keep Pulsetic’s own names for its pages, menus, buttons, fields and roles as Pulsetic spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pulsetic’s site, which is in English. (data/providers/pulsetic.json) */
  NC_("pulsetic", "Pulsetic names keys in its own API key table: rename it there too to keep both in step."),

  /* Translators: what Pushly is, shown under its name (data/providers/pushly.json) */
  NC_("pushly", "Web push notifications"),
  /* Translators: the label of Pushly’s “domain_id” field, a form row’s title (data/providers/pushly.json) */
  NC_("pushly", "Domain ID"),
  /* Translators: explains Pushly’s “domain_id” field under the form row (data/providers/pushly.json) */
  NC_("pushly", "The numeric ID of the Pushly domain the token belongs to; every Pushly API call names one."),
  /* Translators: says how to fix a value of Pushly’s “domain_id” field that does not fit (data/providers/pushly.json) */
  NC_("pushly", "The Domain ID is a number, such as 12345: you find it in the address of the domain's pages in Pushly."),
  /* Translators: the label of Pushly’s “api” field, a form row’s title (data/providers/pushly.json) */
  NC_("pushly", "API"),
  /* Translators: explains Pushly’s “api” field under the form row (data/providers/pushly.json) */
  NC_("pushly", "Current keys use the X-API-KEY header; keys for the legacy api.p-n.io API use a Bearer header."),
  /* Translators: one choice of Pushly’s “api” field; current is stored (data/providers/pushly.json) */
  NC_("pushly", "api.pushly.com (X-API-KEY)"),
  /* Translators: one choice of Pushly’s “api” field; legacy is stored (data/providers/pushly.json) */
  NC_("pushly", "api.p-n.io (legacy, Bearer)"),
  /* Translators: a step of creating a token in Pushly. Keep Pushly’s own names for its pages, menus, buttons, fields and roles as Pushly spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pushly’s site, which is in English. (data/providers/pushly.json) */
  NC_("pushly", "In Pushly, open Domain Settings, then API Tokens."),
  /* Translators: a step of creating a token in Pushly. Keep Pushly’s own names for its pages, menus, buttons, fields and roles as Pushly spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pushly’s site, which is in English. (data/providers/pushly.json) */
  NC_("pushly", "Click Create Token."),
  /* Translators: a step of creating a token in Pushly. Keep Pushly’s own names for its pages, menus, buttons, fields and roles as Pushly spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pushly’s site, which is in English. (data/providers/pushly.json) */
  NC_("pushly", "Enter a Token Label that represents the primary use of the API Token."),
  /* Translators: a step of creating a token in Pushly. Keep Pushly’s own names for its pages, menus, buttons, fields and roles as Pushly spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pushly’s site, which is in English. (data/providers/pushly.json) */
  NC_("pushly", "A modal shows the new token: click Copy Token."),
  /* Translators: a step of revoking a token in Pushly. Keep Pushly’s own names for its pages, menus, buttons, fields and roles as Pushly spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pushly’s site, which is in English. (data/providers/pushly.json) */
  NC_("pushly", "Click Revoke next to the token."),
  /* Translators: a step of revoking a token in Pushly. Keep Pushly’s own names for its pages, menus, buttons, fields and roles as Pushly spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pushly’s site, which is in English. (data/providers/pushly.json) */
  NC_("pushly", "In the confirmation modal, click Revoke Token."),

  /* Translators: what Pylon is, shown under its name (data/providers/pylon.json) */
  NC_("pylon", "Support platform"),
  /* Translators: the label of Pylon’s “region” field, a form row’s title (data/providers/pylon.json) */
  NC_("pylon", "Region"),
  /* Translators: explains Pylon’s “region” field under the form row (data/providers/pylon.json) */
  NC_("pylon", "Where your Pylon organization lives. Tokens starting with pylon_api_eu_ are EU tokens."),
  /* Translators: one choice of Pylon’s “region” field; us is stored (data/providers/pylon.json) */
  NC_("pylon", "US"),
  /* Translators: one choice of Pylon’s “region” field; eu is stored (data/providers/pylon.json) */
  NC_("pylon", "EU"),
  /* Translators: what a check of a Pylon token found, shown with its result (data/providers/pylon.json) */
  NC_("pylon", "This token belongs to the other Pylon region: switch the Region field (US or EU)."),
  /* Translators: a step of creating a token in Pylon. Keep Pylon’s own names for its pages, menus, buttons, fields and roles as Pylon spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pylon’s site, which is in English. (data/providers/pylon.json) */
  NC_("pylon", "In Pylon, open Settings > Integrations & dev > API tokens."),
  /* Translators: a step of creating a token in Pylon. Keep Pylon’s own names for its pages, menus, buttons, fields and roles as Pylon spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pylon’s site, which is in English. (data/providers/pylon.json) */
  NC_("pylon", "Click Create API Token."),
  /* Translators: a step of creating a token in Pylon. Keep Pylon’s own names for its pages, menus, buttons, fields and roles as Pylon spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pylon’s site, which is in English. (data/providers/pylon.json) */
  NC_("pylon", "Enter a Name: actions the token performs show up under this name."),
  /* Translators: a step of creating a token in Pylon. Keep Pylon’s own names for its pages, menus, buttons, fields and roles as Pylon spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pylon’s site, which is in English. (data/providers/pylon.json) */
  NC_("pylon", "Leave Act as user or bot (optional) empty and pick the Role the token needs, or select a teammate or bot for it to act as."),
  /* Translators: a step of creating a token in Pylon. Keep Pylon’s own names for its pages, menus, buttons, fields and roles as Pylon spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pylon’s site, which is in English. (data/providers/pylon.json) */
  NC_("pylon", "Create the token and copy it."),
  /* Translators: a step of revoking a token in Pylon. Keep Pylon’s own names for its pages, menus, buttons, fields and roles as Pylon spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pylon’s site, which is in English. (data/providers/pylon.json) */
  NC_("pylon", "Find the token by its name and delete it."),
  /* Translators: shown when renaming a Pylon token. Keep Pylon’s own names for its pages, menus, buttons, fields and roles as Pylon spells them (such as “Create API Token” or “CREATE USER APP TOKEN”), quoted if that helps: the user looks for them on Pylon’s site, which is in English. (data/providers/pylon.json) */
  NC_("pylon", "Pylon shows the token's actions under the name it has in Pylon: rename it there too."),
};

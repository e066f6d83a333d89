/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"
/* execvpe () */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "keyfob-dotenv.h"
#include "keyfob-process.h"
#include "keyfob-reference.h"
#include "keyfob-secret.h"
#include "keyfob-tool-private.h"

#define EXIT_NOT_EXECUTABLE 126
#define EXIT_NOT_FOUND      127

/* An environment that holds secrets: wiped before it is freed, should the command not start. */
typedef char **SecretEnviron;

static void
secret_environ_free (SecretEnviron environment)
{
  for (guint i = 0; environment[i] != NULL; i++)
    keyfob_secret_free (environment[i]);
  g_free (environment);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SecretEnviron, secret_environ_free, NULL)

/* g_environ_setenv() would free the value it replaces unwiped, and any value may be a token. */
static SecretEnviron
secret_environ_set (SecretEnviron  environment,
                    const char    *variable,
                    const char    *value)
{
  gsize length = strlen (variable);
  guint n;

  for (n = 0; environment[n] != NULL; n++)
    {
      if (strncmp (environment[n], variable, length) == 0 && environment[n][length] == '=')
        {
          keyfob_secret_free (environment[n]);
          environment[n] = g_strconcat (variable, "=", value, NULL);
          return environment;
        }
    }

  environment = g_renew (char *, environment, n + 2);
  environment[n] = g_strconcat (variable, "=", value, NULL);
  environment[n + 1] = NULL;

  return environment;
}

/* Puts the token's secret in @variable; FALSE, having said why, when it cannot go there. */
static gboolean
set_secret (KeyfobToolContext  *context,
            SecretEnviron      *environment,
            const char         *variable,
            KeyfobToken        *token,
            int                *status)
{
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length = 0;
  char *text;

  secret = _keyfob_tool_context_load_secret (context, token, &error);
  if (secret == NULL)
    {
      *status = _keyfob_tool_fail (error);
      return FALSE;
    }

  data = secret_value_get (secret, &length);
  if (memchr (data, '\0', length) != NULL)
    {
      /* Translators: %s is a token name */
      _keyfob_tool_say (stderr, _("keyfob-tool: The token “%s” holds a NUL byte and cannot "
                                  "go in an environment variable.\n"),
                        keyfob_token_get_name (token));
      *status = KEYFOB_TOOL_EXIT_FAILED;
      return FALSE;
    }

  /* The environment is the one place the secret has to be a plain string. */
  text = g_strndup (data, length);
  *environment = secret_environ_set (*environment, variable, text);
  keyfob_secret_free (text);

  return TRUE;
}

/* The file's plain variables as they are, its keyfob: references as the secrets they name.
 * Every reference is resolved before any secret is read, so that one that names no token, or
 * several, stops the command before it starts. */
static gboolean
apply_env_file (KeyfobToolContext  *context,
                SecretEnviron      *environment,
                const char         *path,
                int                *status)
{
  g_autoptr(KeyfobDotenv) dotenv = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) resolved = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  dotenv = keyfob_dotenv_load (path, &error);
  if (dotenv == NULL)
    {
      _keyfob_tool_say (stderr, "keyfob-tool: %s\n", error->message);
      *status = KEYFOB_TOOL_EXIT_USAGE;
      return FALSE;
    }

  n = keyfob_dotenv_get_n_entries (dotenv);
  for (guint i = 0; i < n; i++)
    {
      const KeyfobDotenvEntry *entry = keyfob_dotenv_get_entry (dotenv, i);
      KeyfobToken *token;

      g_ptr_array_add (resolved, NULL);
      if (!keyfob_reference_is (entry->value))
        continue;

      /* The providers say which attributes are fields (a KeePassXC entry's Title is none). */
      if (tokens == NULL &&
          !(_keyfob_tool_context_load_catalogue (context, FALSE, &error) &&
            (tokens = _keyfob_tool_context_list_tokens (context, &error)) != NULL))
        {
          *status = _keyfob_tool_fail (error);
          return FALSE;
        }

      token = keyfob_reference_resolve (tokens, entry->value, &error);
      if (token == NULL)
        {
          /* Translators: a variable name, its line in the file, then why its reference does
           * not resolve */
          _keyfob_tool_say (stderr, _("keyfob-tool: %s (line %u): %s The command was not "
                                      "run.\n"),
                            entry->key, entry->line, error->message);
          *status = _keyfob_tool_exit_code (error);
          return FALSE;
        }
      resolved->pdata[i] = token;
    }

  for (guint i = 0; i < n; i++)
    {
      const KeyfobDotenvEntry *entry = keyfob_dotenv_get_entry (dotenv, i);
      KeyfobToken *token = g_ptr_array_index (resolved, i);

      if (token == NULL)
        *environment = secret_environ_set (*environment, entry->key, entry->value);
      else if (!set_secret (context, environment, entry->key, token, status))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_variable_name (const char *name,
                  gsize       length)
{
  if (length == 0 || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;

  for (gsize i = 1; i < length; i++)
    if (!(g_ascii_isalnum (name[i]) || name[i] == '_'))
      return FALSE;

  return TRUE;
}

int
_keyfob_tool_exec (KeyfobToolContext  *context,
                   int                 argc,
                   char              **argv)
{
  g_auto(GStrv) env_specs = NULL;
  g_autofree char *env_file = NULL;
  const GOptionEntry entries[] = {
    { "env", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &env_specs,
      N_("Put the token NAME|ID in the variable VAR; repeat for several"), N_("VAR=NAME|ID") },
    { "env-file", 0, 0, G_OPTION_ARG_FILENAME, &env_file,
      N_("Set the variables of a .env file, its keyfob:NAME references as the tokens they "
         "name"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GPtrArray) own_args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(SecretEnviron) environment = NULL;
  char **command = NULL;
  int status = KEYFOB_TOOL_EXIT_OK;
  int own_argc;
  char **own_argv;

  /* Everything after “--” belongs to the command, whatever it looks like: split it off before
   * GOption sees it, so that the command’s own options are never taken for ours. */
  for (int i = 0; i < argc; i++)
    {
      if (i > 0 && g_str_equal (argv[i], "--"))
        {
          command = argv + i + 1;
          break;
        }
      g_ptr_array_add (own_args, argv[i]);
    }
  g_ptr_array_add (own_args, NULL);
  own_argc = own_args->len - 1;
  own_argv = (char **) own_args->pdata;

  option_context = _keyfob_tool_option_context_new ("exec", _("--env VAR=NAME|ID… | --env-file "
                                                              "FILE -- COMMAND [ARG…]"),
                                                    _("Run COMMAND with tokens in its "
                                                      "environment, never on its command line."),
                                                    entries);
  if (!g_option_context_parse (option_context, &own_argc, &own_argv, &error))
    return _keyfob_tool_usage ("exec", "%s", error->message);

  if (command == NULL && own_argc > 1)
    return _keyfob_tool_usage ("exec",
                               /* Translators: %s is what the user typed */
                               _("Put “--” before the command: keyfob-tool exec --env "
                                 "VAR=NAME -- %s …"),
                               own_argv[1]);
  if (own_argc > 1)
    return _keyfob_tool_usage ("exec",
                               /* Translators: %s is what the user typed */
                               _("Unexpected argument “%s” before “--”."), own_argv[1]);
  if (command == NULL || command[0] == NULL)
    return _keyfob_tool_usage ("exec", _("Give the command to run after “--”."));
  if ((env_specs == NULL || env_specs[0] == NULL) && env_file == NULL)
    return _keyfob_tool_usage ("exec", _("Say which tokens to pass with --env VAR=NAME|ID or "
                                         "--env-file FILE."));

  environment = g_get_environ ();

  /* The file first: --env, given on the command line for this run, has the last word. */
  if (env_file != NULL && !apply_env_file (context, &environment, env_file, &status))
    return status;

  for (guint i = 0; env_specs != NULL && env_specs[i] != NULL; i++)
    {
      const char *spec = env_specs[i];
      const char *equals = strchr (spec, '=');
      g_autofree char *variable = NULL;
      g_autoptr(KeyfobToken) token = NULL;

      if (equals == NULL || equals[1] == '\0' || !is_variable_name (spec, equals - spec))
        return _keyfob_tool_usage ("exec",
                                   /* Translators: %s is what the user typed */
                                   _("“%s” is not VAR=NAME|ID: VAR is letters, digits and _, "
                                     "not starting with a digit, as in --env "
                                     "PYLON_TOKEN=support-bot."),
                                   spec);

      variable = g_strndup (spec, equals - spec);
      token = _keyfob_tool_context_find_token (context, equals + 1, &error);
      if (token == NULL)
        return _keyfob_tool_fail (error);

      if (!set_secret (context, &environment, variable, token, &status))
        return status;
    }

  fflush (stdout);
  fflush (stderr);

  /* The command's own crashes are its user's business: it may dump core as before. Keyfob
   * stays non-dumpable if the exec fails. */
  keyfob_process_restore_core_limit ();
  execvpe (command[0], command, environment);

  /* Only reached when the command did not start. */
  {
    int saved_errno = errno;

    /* Translators: the first %s is a command, the second a system error message */
    _keyfob_tool_say (stderr, _("keyfob-tool: Could not run “%s”: %s\n"), command[0],
                      g_strerror (saved_errno));

    return saved_errno == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE;
  }
}

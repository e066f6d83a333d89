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

#include "keyfob-process.h"
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
  const GOptionEntry entries[] = {
    { "env", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &env_specs,
      N_("Put the token NAME|ID in the variable VAR; repeat for several"), N_("VAR=NAME|ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GPtrArray) own_args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(SecretEnviron) environment = NULL;
  char **command = NULL;
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

  option_context = _keyfob_tool_option_context_new ("exec", _("--env VAR=NAME|ID… -- COMMAND "
                                                              "[ARG…]"),
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
  if (env_specs == NULL || env_specs[0] == NULL)
    return _keyfob_tool_usage ("exec", _("Say which tokens to pass with --env VAR=NAME|ID."));

  environment = g_get_environ ();

  for (guint i = 0; env_specs[i] != NULL; i++)
    {
      const char *spec = env_specs[i];
      const char *equals = strchr (spec, '=');
      g_autofree char *variable = NULL;
      g_autoptr(KeyfobToken) token = NULL;
      g_autoptr(SecretValue) secret = NULL;
      char *text;
      const char *data;
      gsize length = 0;

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

      secret = _keyfob_tool_context_load_secret (context, token, &error);
      if (secret == NULL)
        return _keyfob_tool_fail (error);

      data = secret_value_get (secret, &length);
      if (memchr (data, '\0', length) != NULL)
        {
          /* Translators: %s is a token name */
          _keyfob_tool_say (stderr, _("keyfob-tool: The token “%s” holds a NUL byte and cannot "
                                      "go in an environment variable.\n"),
                            keyfob_token_get_name (token));
          return KEYFOB_TOOL_EXIT_FAILED;
        }

      /* The environment is the one place the secret has to be a plain string. */
      text = g_strndup (data, length);
      environment = g_environ_setenv (environment, variable, text, TRUE);
      keyfob_secret_free (text);
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

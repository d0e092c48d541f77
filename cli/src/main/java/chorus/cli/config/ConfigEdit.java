package chorus.cli.config;

import chorus.core.config.ChorusConfig;

/** A change to the config that may refuse, saying why; see {@link ConfigStore#edit}. */
@FunctionalInterface
public interface ConfigEdit {
  ChorusConfig apply(ChorusConfig current) throws ConfigException;
}

/* paths.h — where the default models and assets are: an environment variable
 * (LTBENCH_MODELS_DIR, LTBENCH_ASSETS_DIR), else the build's own directories. */
#ifndef LTB_PATHS_H
#define LTB_PATHS_H

const char *ltb_models_dir(void);
const char *ltb_assets_dir(void);
/* "{models_dir}/{file}" into buf. */
const char *ltb_default_model(const char *file, char *buf, unsigned long len);
#endif

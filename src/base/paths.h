/* paths.h — where the default models and assets are: an environment variable
 * (LTBENCH_MODELS_DIR, LTBENCH_ASSETS_DIR), else the build's own directories; and a
 * file's stem, the one way a model's path becomes a name. */
#ifndef LTB_PATHS_H
#define LTB_PATHS_H

#include <stddef.h>

const char *ltb_models_dir(void);
const char *ltb_assets_dir(void);
/* "{models_dir}/{file}" into buf. */
const char *ltb_default_model(const char *file, char *buf, unsigned long len);
/* "resnet18" from ".../resnet18.pt" into out (cut to cap); a leading dot stays. */
void ltb_path_stem(const char *path, char *out, size_t cap);
#endif

/* main.c — placeholder until the CLI lands. */
#include "chronomap.h"
int
main(void)
{
    return 0;
}

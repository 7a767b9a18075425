#ifndef PLRF_TQL_H
#define PLRF_TQL_H
int plrf_tql(int n, double *d, double *e, double *z, int m);
#endif

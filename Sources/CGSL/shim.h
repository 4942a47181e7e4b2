#ifndef DIFFUSIONODE_CGSL_SHIM_H
#define DIFFUSIONODE_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_multimin.h>

/* Swift 6 rejects reading imported mutable C globals such as gsl_odeiv2_step_rkf45,
   so the stepper types are handed out through inline accessors. */
static inline const gsl_odeiv2_step_type *cgsl_step_rk2(void) { return gsl_odeiv2_step_rk2; }
static inline const gsl_odeiv2_step_type *cgsl_step_rk4(void) { return gsl_odeiv2_step_rk4; }
static inline const gsl_odeiv2_step_type *cgsl_step_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_odeiv2_step_type *cgsl_step_rkck(void) { return gsl_odeiv2_step_rkck; }
static inline const gsl_odeiv2_step_type *cgsl_step_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_odeiv2_step_type *cgsl_step_msadams(void) { return gsl_odeiv2_step_msadams; }

/* Nelder-Mead simplex (version 2) for derivative-free minimisation. */
static inline const gsl_multimin_fminimizer_type *cgsl_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }

/* The driver owns its stepper, controller and evolver; these reach them without
   exposing the struct layout to Swift. */
static inline gsl_odeiv2_evolve *cgsl_driver_evolve(gsl_odeiv2_driver *d) { return d->e; }
static inline gsl_odeiv2_control *cgsl_driver_control(gsl_odeiv2_driver *d) { return d->c; }
static inline gsl_odeiv2_step *cgsl_driver_step(gsl_odeiv2_driver *d) { return d->s; }
static inline unsigned long cgsl_evolve_count(const gsl_odeiv2_evolve *e) { return e->count; }
static inline unsigned long cgsl_evolve_failed_steps(const gsl_odeiv2_evolve *e) { return e->failed_steps; }

#endif

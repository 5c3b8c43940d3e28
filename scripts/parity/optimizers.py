"""The harness's optimizers in PyTorch, for the parity check.

make(opt_spec, params, batch_size) -> object with step(factor) and zero_grad(). opt_spec holds the
resolved hyper-parameters (the harness's OptimizerSpec after resolve()): name plus lr, momentum,
beta1, beta2, eps, weightDecay, finalLr, gamma, etaSgd, sigma2, exactPrior as the rule needs.
factor is the learning-rate schedule factor f of the step. Gradients are those of the MEAN
cross-entropy loss over the batch.

sgd, adam, amsgrad, adagrad, adamw are torch.optim (foreach=False) with lr = lr*f set before every
step. adabound, amsbound (Luo et al. 2019's code), adabayes (paper Algorithm 1, typo corrected,
in the AdaBayes author's code form, the exact prior by default) and adabayes-fp (Algorithm 2) are written here with in-place
tensor ops under torch.no_grad(), state in the parameters' dtype, in the straightforward form of
the equations.
"""
import math

import torch

NAMES = ("sgd", "adam", "adagrad", "amsgrad", "adabound", "amsbound", "adamw", "adabayes",
         "adabayes-fp", "adabayes-kf")

REQUIRED = {
    "sgd": ("lr", "momentum", "weightDecay"),
    "adam": ("lr", "beta1", "beta2", "eps", "weightDecay"),
    "amsgrad": ("lr", "beta1", "beta2", "eps", "weightDecay"),
    "adagrad": ("lr", "eps", "weightDecay"),
    "adamw": ("lr", "beta1", "beta2", "eps", "weightDecay"),
    "adabound": ("lr", "beta1", "beta2", "eps", "weightDecay", "finalLr", "gamma"),
    "amsbound": ("lr", "beta1", "beta2", "eps", "weightDecay", "finalLr", "gamma"),
    "adabayes": ("lr", "beta1", "weightDecay", "sigma2"),
    "adabayes-fp": ("lr", "beta1", "beta2", "eps", "weightDecay", "sigma2"),
    "adabayes-kf": ("lr", "beta1", "beta2", "eps", "weightDecay", "sigma2", "refreshEvery"),
}

# The 2018 paper's variants (section 2.2.4 NAWD, 2.2.8 centred): the value a spec that leaves
# the flag out means, per optimizer. The AdaBayes author's code decays after the step, which is
# NAWD, so it is their default.
PAPER_FLAGS = {
    "adam": {"centred": False},
    "adamw": {"nawd": False, "centred": False},
    "adabayes": {"nawd": True, "centred": False},
    "adabayes-fp": {"nawd": True, "centred": False},
    "adabayes-kf": {"nawd": True},
}


def flag(spec, name):
    v = spec.get(name)
    return bool(v) if v is not None else PAPER_FLAGS.get(spec["name"], {}).get(name, False)


def resolve(name, paper_model="resnet34", batch_size=128, **over):
    """The protocol defaults for an optimizer, as the harness's OptimizerSpec.resolve(paperModel,
    batchSize) fills them in (Adam/AMSGrad beta1 0.99 for the ResNets, 0.9 for DenseNet); keyword
    arguments override."""
    b1_adam = 0.99 if paper_model == "resnet34" else 0.9
    if name == "sgd":
        d = dict(lr=0.1, momentum=0.9, weightDecay=5e-4)
    elif name == "adagrad":
        d = dict(lr=0.01, eps=1e-10, weightDecay=5e-4)
    elif name in ("adam", "amsgrad"):
        d = dict(lr=1e-3, beta1=b1_adam, beta2=0.999, eps=1e-8, weightDecay=5e-4)
    elif name in ("adabound", "amsbound"):
        d = dict(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weightDecay=5e-4, finalLr=0.1,
                 gamma=1e-3)
    elif name == "adamw":
        d = dict(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weightDecay=5e-5)
    elif name in ("adabayes", "adabayes-fp", "adabayes-kf"):
        eta_sgd = over.get("etaSgd", 0.1)
        d = dict(lr=1e-3, beta1=0.9, weightDecay=5e-5, etaSgd=eta_sgd,
                 sigma2=eta_sgd / batch_size)
        if name == "adabayes":
            d["exactPrior"] = True   # the author's code; False is the printed eq. (17b)
        else:
            d.update(beta2=0.999, eps=1e-8)
        if name == "adabayes-kf":
            d["refreshEvery"] = 20
    else:
        raise ValueError("unknown optimizer %r (expected one of %s)" % (name, ", ".join(NAMES)))
    d.update(over)
    d["name"] = name
    return d


def _check(spec):
    if not isinstance(spec, dict):
        raise ValueError("optimizer spec must be a JSON object")
    name = spec.get("name")
    if name not in NAMES:
        raise ValueError("unknown optimizer %r (expected one of %s)" % (name, ", ".join(NAMES)))
    missing = [k for k in REQUIRED[name] if spec.get(k) is None]
    if missing:
        raise ValueError("optimizer %s: missing hyper-parameter(s) %s" % (name, ", ".join(missing)))
    return name


class _Base:
    def __init__(self, params):
        self.params = [p for p in params]

    def zero_grad(self, set_to_none=False):
        for p in self.params:
            if p.grad is None:
                continue
            if set_to_none:
                p.grad = None
            else:
                p.grad.detach_()
                p.grad.zero_()


class TorchOptimizer(_Base):
    """A torch.optim optimizer whose lr is set to base_lr * f before each step."""

    def __init__(self, params, cls, base_lr, **kw):
        super().__init__(params)
        self.base_lr = base_lr
        self.opt = cls(self.params, lr=base_lr, **kw)

    def step(self, factor=1.0):
        for g in self.opt.param_groups:
            g["lr"] = self.base_lr * factor
        self.opt.step()


class AdaBound(_Base):
    """Luo et al. (2019), their code's rule: coupled L2, Adam moments (AMSBound: running max of v),
    the per-element rate step_size/(sqrt(v)+eps) clipped to [lower, upper] around finalLr*f."""

    def __init__(self, params, lr, beta1, beta2, eps, weight_decay, final_lr, gamma, amsbound):
        super().__init__(params)
        self.lr, self.b1, self.b2, self.eps = lr, beta1, beta2, eps
        self.wd, self.final_lr, self.gamma, self.ams = weight_decay, final_lr, gamma, amsbound
        self.state = {}

    @torch.no_grad()
    def step(self, factor=1.0):
        b1, b2 = self.b1, self.b2
        lr = self.lr * factor
        final = self.final_lr * factor           # final_lr * (current lr / base lr)
        for p in self.params:
            if p.grad is None:
                continue
            st = self.state.get(p)
            if st is None:
                st = self.state[p] = {"step": 0, "m": torch.zeros_like(p),
                                      "v": torch.zeros_like(p)}
                if self.ams:
                    st["vmax"] = torch.zeros_like(p)
            st["step"] += 1
            t = st["step"]
            g = p.grad
            if self.wd != 0:
                g = g + self.wd * p              # coupled L2
            m, v = st["m"], st["v"]
            m.mul_(b1).add_((1 - b1) * g)
            v.mul_(b2).add_((1 - b2) * (g * g))
            if self.ams:
                torch.maximum(st["vmax"], v, out=st["vmax"])
                v = st["vmax"]
            step_size = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            lower = final * (1 - 1 / (self.gamma * t + 1))
            upper = final * (1 + 1 / (self.gamma * t))
            rate = (step_size / (v.sqrt() + self.eps)).clamp_(lower, upper)
            p.sub_(rate * m)


class AdaBayes(_Base):
    """Paper Algorithm 1 (posterior-variance typo corrected), in the order of the author's code.
    With G = B * grad (gradient of the summed loss), per element, at step t with schedule factor
    f, eta_f = lr*f, sig2_f = sigma2*f; state m = 0 and s2_post = sigma2 initially:

        s2_prior = (1 - eta_f^2/(2 sig2_f))^2 s2_post + eta_f^2                 (eq. 17b)
                or s2_post exp(-eta_f^2/sig2_f) + sig2_f (1 - exp(-eta_f^2/sig2_f))  (exact:
                   exactPrior true, the default, as the author's adabayes.py)
        m = b1 m + (1-b1) G ;  G_bar = m / (1 - b1^t)
        s2_post = 1 / (1/s2_prior + G^2)                                        (eq. 18a)
        w = (w - s2_post * G_bar) * (1 - weightDecay*f)    (decay after the step, as the author)

    The prior is formed at the start of each step with that step's factor, as the author's code.
    """

    def __init__(self, params, lr, beta1, weight_decay, sigma2, batch_size, exact_prior,
                 nawd=True, centred=False):
        super().__init__(params)
        self.lr, self.b1, self.wd, self.sigma2 = lr, beta1, weight_decay, sigma2
        self.batch, self.exact = batch_size, bool(exact_prior)
        self.nawd, self.centred = nawd, centred
        self.state = {}

    @torch.no_grad()
    def step(self, factor=1.0):
        b1 = self.b1
        eta_f = self.lr * factor
        sig2_f = self.sigma2 * factor
        rho = eta_f * eta_f / sig2_f
        for p in self.params:
            if p.grad is None:
                continue
            st = self.state.get(p)
            if st is None:
                st = self.state[p] = {"step": 0, "m": torch.zeros_like(p),
                                      "s2_post": torch.full_like(p, self.sigma2)}
            st["step"] += 1
            t = st["step"]
            if self.exact:
                decay = math.exp(-rho)
                s2_prior = st["s2_post"] * decay + sig2_f * (1 - decay)
            else:
                a = 1 - rho / 2
                s2_prior = (a * a) * st["s2_post"] + eta_f * eta_f
            g = self.batch * p.grad
            m = st["m"]
            m.mul_(b1).add_((1 - b1) * g)
            g_bar = m / (1 - b1 ** t)
            e = g - m if self.centred else g
            s2_post = 1 / (1 / s2_prior + e * e)
            st["s2_post"] = s2_post
            if not self.nawd:
                p.mul_(1 - self.wd * factor)
            p.sub_(s2_post * g_bar)
            if self.nawd:
                p.mul_(1 - self.wd * factor)


class AdaBayesFP(_Base):
    """Paper Algorithm 2, the author's code form. With g = B * grad:

        m = b1 m + (1-b1) g ; v = b2 v + (1-b2) g^2
        g_bar = m/(1-b1^t) ; g2_bar = v/(1-b2^t) + eps
        s2_post = 1 / (1/(2 sig2_f) + sqrt(1/(4 sig2_f^2) + g2_bar/eta_f^2))     (eq. 21)
        w = w - s2_post * g_bar ;  w = w * (1 - weightDecay)    (constant lambda, after the step)
    """

    def __init__(self, params, lr, beta1, beta2, eps, weight_decay, sigma2, batch_size,
                 nawd=True, centred=False):
        super().__init__(params)
        self.lr, self.b1, self.b2, self.eps = lr, beta1, beta2, eps
        self.wd, self.sigma2, self.batch = weight_decay, sigma2, batch_size
        self.nawd, self.centred = nawd, centred
        self.state = {}

    @torch.no_grad()
    def step(self, factor=1.0):
        b1, b2 = self.b1, self.b2
        eta_f = self.lr * factor
        sig2_f = self.sigma2 * factor
        inv2s = 1 / (2 * sig2_f)
        inv4s2 = 1 / (4 * sig2_f * sig2_f)
        inv_eta2 = 1 / (eta_f * eta_f)
        for p in self.params:
            if p.grad is None:
                continue
            st = self.state.get(p)
            if st is None:
                st = self.state[p] = {"step": 0, "m": torch.zeros_like(p),
                                      "v": torch.zeros_like(p)}
            st["step"] += 1
            t = st["step"]
            g = self.batch * p.grad
            m, v = st["m"], st["v"]
            m.mul_(b1).add_((1 - b1) * g)
            e = g - m if self.centred else g
            v.mul_(b2).add_((1 - b2) * (e * e))
            g_bar = m / (1 - b1 ** t)
            g2_bar = v / (1 - b2 ** t) + self.eps
            s2_post = 1 / (inv2s + (inv4s2 + g2_bar * inv_eta2).sqrt())
            if not self.nawd:
                p.mul_(1 - self.wd)
            p.sub_(s2_post * g_bar)
            if self.nawd:
                p.mul_(1 - self.wd)


class AdamVariant(_Base):
    """Adam (coupled L2) or AdamW (decoupled lambda*f) with the 2018 paper's variants, written
    from the equations: centred takes v of d - m (m already updated); nawd shrinks after the
    step instead of before it, so the next gradient is taken at the decayed weights."""

    def __init__(self, params, lr, beta1, beta2, eps, weight_decay, decoupled, nawd, centred):
        super().__init__(params)
        self.lr, self.b1, self.b2, self.eps, self.wd = lr, beta1, beta2, eps, weight_decay
        self.decoupled, self.nawd, self.centred = decoupled, nawd, centred
        self.state = {}

    @torch.no_grad()
    def step(self, factor=1.0):
        for p in self.params:
            if p.grad is None:
                continue
            st = self.state.setdefault(p, {"step": 0, "m": torch.zeros_like(p),
                                           "v": torch.zeros_like(p)})
            st["step"] += 1
            t = st["step"]
            d = p.grad
            if self.decoupled and not self.nawd:
                p.mul_(1 - self.wd * factor)
            elif not self.decoupled:
                d = d + self.wd * p
            m, v = st["m"], st["v"]
            m.mul_(self.b1).add_((1 - self.b1) * d)
            e = d - m if self.centred else d
            v.mul_(self.b2).add_((1 - self.b2) * (e * e))
            denom = v.sqrt() / math.sqrt(1 - self.b2 ** t) + self.eps
            p.sub_(self.lr * factor / (1 - self.b1 ** t) * m / denom)
            if self.decoupled and self.nawd:
                p.mul_(1 - self.wd * factor)


class AdaBayesKF(AdaBayesFP):
    """AdaBayes-KF (the harness's docs/kronecker.md), written from its equations. Forward hooks
    on every Conv2d and Linear add a zero probe to the output, whose gradient is the layer's
    output gradient; the input patches come from F.unfold. Per layer, with n images:

        A = EMA_b2(X^T X / n) ; S = EMA_b2(n^2 D^T D / rows)
        every refreshEvery steps (and the first): eigh of A/(1-b2^t) and S/(1-b2^t)
        m = b1 m + (1-b1) grad ; G_bar = B m / (1-b1^t)
        rate_ji = 1 / (1/(2 sig2_f) + sqrt(1/(4 sig2_f^2) + (B a_i s_j + eps)/eta_f^2))
        W = (W - V (rate * (V^T G_bar U)) U^T) (1 - lambda)
    Every other parameter takes AdaBayes-FP's step."""

    def __init__(self, model, lr, beta1, beta2, eps, weight_decay, sigma2, batch_size,
                 refresh_every, nawd=True):
        weights = {}
        for name, mod in model.named_modules():
            if isinstance(mod, (torch.nn.Conv2d, torch.nn.Linear)):
                weights[mod] = mod.weight
                mod.register_forward_hook(self._hook)
        self.layer_weights = weights
        self.captured = []
        self.refresh = int(refresh_every)
        super().__init__(model.parameters(), lr, beta1, beta2, eps, weight_decay, sigma2,
                         batch_size, nawd=nawd)
        self.kf = {}

    def _hook(self, mod, inputs, output):
        if not torch.is_grad_enabled() or not mod.training:
            return None
        probe = torch.zeros_like(output, requires_grad=True)
        self.captured.append((mod, inputs[0].detach(), probe))
        return output + probe

    @torch.no_grad()
    def _observe(self):
        b2 = self.b2
        for mod, x, probe in self.captured:
            n = x.shape[0]
            if isinstance(mod, torch.nn.Conv2d):
                k, s, pad = mod.kernel_size[0], mod.stride[0], mod.padding[0]
                cols = torch.nn.functional.unfold(x, k, padding=pad, stride=s)   # N, C k k, L
                rows_x = cols.transpose(1, 2).reshape(-1, cols.shape[1])
                d = probe.grad
                rows_d = d.permute(0, 2, 3, 1).reshape(-1, d.shape[1])
            else:
                rows_x, rows_d = x, probe.grad
            st = self.kf.setdefault(mod.weight, {})
            a_new = rows_x.t() @ rows_x * ((1 - b2) / n)
            s_new = rows_d.t() @ rows_d * ((1 - b2) * n * n / rows_x.shape[0])
            for key, new in (("A", a_new), ("S", s_new)):
                st[key] = new if key not in st else st[key] * b2 + new
        self.captured = []

    @torch.no_grad()
    def step(self, factor=1.0):
        self._observe()
        layer = [p for p in self.params if p in self.kf]
        others = [p for p in self.params if p not in self.kf]
        saved = self.params
        self.params = others
        super().step(factor)
        self.params = saved
        eta_f = self.lr * factor
        inv2s = 1 / (2 * self.sigma2 * factor)
        for p in layer:
            st = self.kf[p]
            st["step"] = st.get("step", 0) + 1
            t = st["step"]
            if "U" not in st or t % self.refresh == 0:
                bc2 = 1 - self.b2 ** t
                for src, vec, val in (("A", "U", "a"), ("S", "V", "s")):
                    mat = st[src] / bc2
                    vals, vecs = torch.linalg.eigh(0.5 * (mat + mat.t()))
                    st[vec], st[val] = vecs, vals.clamp(min=0)
            m = st.setdefault("m", torch.zeros_like(p))
            m.mul_(self.b1).add_((1 - self.b1) * p.grad)
            out = p.shape[0]
            g_bar = m.reshape(out, -1) * (self.batch / (1 - self.b1 ** t))
            lam = self.batch * st["s"].reshape(-1, 1) * st["a"].reshape(1, -1) + self.eps
            rate = 1 / (inv2s + (inv2s * inv2s + lam / (eta_f * eta_f)).sqrt())
            delta = st["V"] @ (rate * (st["V"].t() @ g_bar @ st["U"])) @ st["U"].t()
            if not self.nawd:
                p.mul_(1 - self.wd)
            p.sub_(delta.reshape(p.shape))
            if self.nawd:
                p.mul_(1 - self.wd)


def make(spec, params, batch_size):
    name = _check(spec)
    params = list(params)
    lr = float(spec["lr"])
    wd = float(spec["weightDecay"])
    if name == "sgd":
        return TorchOptimizer(params, torch.optim.SGD, lr, momentum=float(spec["momentum"]),
                              dampening=0, weight_decay=wd, nesterov=False, foreach=False)
    if spec.get("beta2") is not None:
        betas = (float(spec["beta1"]), float(spec["beta2"]))
    if name in ("adam", "adamw") and (flag(spec, "centred") or flag(spec, "nawd")):
        return AdamVariant(params, lr, betas[0], betas[1], float(spec["eps"]), wd,
                           name == "adamw", flag(spec, "nawd"), flag(spec, "centred"))
    if name in ("adam", "amsgrad"):
        return TorchOptimizer(params, torch.optim.Adam, lr, betas=betas, eps=float(spec["eps"]),
                              weight_decay=wd, amsgrad=(name == "amsgrad"), foreach=False)
    if name == "adagrad":
        return TorchOptimizer(params, torch.optim.Adagrad, lr, lr_decay=0, weight_decay=wd,
                              initial_accumulator_value=0, eps=float(spec["eps"]), foreach=False)
    if name == "adamw":
        # The harness's weightDecay for AdamW is lambda, the decoupled decay per step at the base
        # rate. torch's AdamW multiplies w by (1 - lr_now * weight_decay), so weight_decay =
        # lambda / lr gives a per-step decay of (lr*f) * (lambda/lr) = lambda * f.
        return TorchOptimizer(params, torch.optim.AdamW, lr, betas=betas,
                              eps=float(spec["eps"]), weight_decay=wd / lr, amsgrad=False,
                              foreach=False)
    if name in ("adabound", "amsbound"):
        return AdaBound(params, lr, betas[0], betas[1], float(spec["eps"]), wd,
                        float(spec["finalLr"]), float(spec["gamma"]), name == "amsbound")
    if name == "adabayes":
        return AdaBayes(params, lr, float(spec["beta1"]), wd, float(spec["sigma2"]), batch_size,
                        bool(spec.get("exactPrior", True)), flag(spec, "nawd"),
                        flag(spec, "centred"))
    # adabayes-kf given bare parameters (no layers, no statistics) is AdaBayes-FP, as the
    # harness's is for every parameter without layer statistics; make_for_model hooks layers.
    return AdaBayesFP(params, lr, betas[0], betas[1], float(spec["eps"]), wd,
                      float(spec["sigma2"]), batch_size, flag(spec, "nawd"), flag(spec, "centred"))


def make_for_model(spec, model, batch_size):
    """make() for a whole model: AdaBayes-KF hooks the model's layers; the others take its
    parameters."""
    if _check(spec) != "adabayes-kf":
        return make(spec, model.parameters(), batch_size)
    return AdaBayesKF(model, float(spec["lr"]), float(spec["beta1"]), float(spec["beta2"]),
                      float(spec["eps"]), float(spec["weightDecay"]), float(spec["sigma2"]),
                      batch_size, int(spec["refreshEvery"]), flag(spec, "nawd"))
